// Builds the Fastify instance: database, error handling, feature routes, the H5 app. main.ts listens; tests build it too.
import fs from 'node:fs'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import { API_PREFIX } from '../types/api'
import type { Config } from './config'
import './context'
import { createDb, type Db } from './db/dialect'
import { migrate } from './db/migrate'
import { AppError, errorBody, registerErrorHandling } from './errors'
import { loggingOptions } from './ops/logging'
import { registerOps } from './ops'
import { registerUnderPressure } from './ops/under-pressure'
import { reviewerAccountRoutes, sessionRoutes } from './auth/routes'
import { uploadRoutes } from './uploads/routes'
import { appealRoutes } from './appeals/routes'
import { reviewRoutes } from './review/routes'
import { fileRoutes } from './files/routes'
import { supervisorRoutes } from './review/supervisor-routes'
import { clusterRoutes } from './clusters/routes'
import { verifyRoutes } from './receipts/routes'
import { policyRoutes } from './policy/routes'
import { registerOpenApi } from './openapi'
import { appFormats } from './validation/schemas'
import { loadKeyring } from './crypto/keyring'
import { encryptLegacyRows } from './crypto/convert'
import { registerSecurityHeaders } from './security/headers'
import { registerRateLimits } from './security/rate-limits'
import { privacyRoutes } from './privacy/routes'
import { correctionBatchRoutes } from './corrections/batch'
import { correctionProblemRoutes, operatorRoutes, stillPoppedRoutes } from './corrections/routes'
import { registerReadingRunner } from './reading/jobs'

export async function buildApp(config: Config, opts: { db?: Db; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON logs with a request id on every request line, X-Request-Id, redaction: server/ops/logging.ts
    ...loggingOptions(config, opts.logStream),
    bodyLimit: 256 * 1024,
    // request.ip is the client only through proxies named in TRUST_PROXY (none by default): a spoofed
    // X-Forwarded-For from anyone else is ignored. Rate limits, login throttle, audit and /metrics rely on it.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // a path that is not valid percent-encoded UTF-8 (/appeals/%FF) or a parameter longer than the router
    // takes: answered in the API's own error shape, like every other bad request
    frameworkErrors: (err, req, reply) => {
      const status: 400 | 414 = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400
      const body = errorBody('VALIDATION_FAILED', '请求地址不正确')
      void (reply as FastifyReply).status(status).send({ error: { ...body.error, requestId: req.id } })
    },
    // appFormats: strict dates, instants and control-character-free text (server/validation/schemas.ts)
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false }, plugins: [appFormats] }
  })

  // the data keys (encryption at rest, lookup HMACs): DATA_KEY / DATA_KEYS / DATA_DIR/keys.json / data.key
  const keys = loadKeyring(config)
  const db = opts.db ?? createDb(config)
  await migrate(db)
  await encryptLegacyRows(db.kysely) // rows from before encryption, once
  app.decorate('db', db)
  app.decorate('config', config)
  if (keys.generated) app.log.warn({ file: keys.generated }, 'generated a new data key (DATA_KEY unset); back it up with the data: without it the encrypted fields are lost')
  app.decorateRequest('principal', null)
  app.addHook('onClose', async () => {
    if (!opts.db) await db.kysely.destroy()
  })

  // an empty body with a JSON content type (some mini-program clients send one) is "no body", not an error.
  // The bytes must be UTF-8: a lenient decoder would store U+FFFD in place of what the citizen wrote, so an
  // invalid sequence is a 400 BODY_NOT_UTF8 (fatal decoder), never silently "repaired" text.
  const jsonParser = app.getDefaultJsonParser('error', 'error')
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const bytes = body as Buffer
    if (bytes === undefined || bytes.length === 0) return done(null, undefined)
    let text: string
    try {
      text = utf8.decode(bytes)
    } catch {
      return done(new AppError('BODY_NOT_UTF8'), undefined)
    }
    if (text === '') return done(null, undefined)
    return jsonParser(req, text, done)
  })

  registerErrorHandling(app)
  // health, readiness, version, metrics, request-id header, background tasks (app.background)
  await registerOps(app)
  await registerUnderPressure(app) // 503 OVERLOADED + Retry-After while saturated: server/ops/under-pressure.ts
  await registerSecurityHeaders(app) // CSP, nosniff, frame-ancestors: server/security/headers.ts
  await registerRateLimits(app) // per-route limits (rateLimited(app, …)): server/security/rate-limits.ts

  // OpenAPI document at /api/docs/json and a browsable page at /api/docs, from the route schemas
  await registerOpenApi(app)

  await app.register(
    async (api) => {
      await api.register(sessionRoutes)
      await api.register(reviewerAccountRoutes)
      await api.register(async (uploads) => {
        await uploads.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1 } })
        await uploads.register(uploadRoutes)
      })
      await api.register(appealRoutes)
      await api.register(reviewRoutes)
      await api.register(fileRoutes)
      await api.register(supervisorRoutes)
      await api.register(clusterRoutes)
      await api.register(privacyRoutes)
      await api.register(policyRoutes)
      // issue 12: the operator realm (keys only), 「弹窗还在」, the supervisors' problem list
      await api.register(operatorRoutes)
      await api.register(stillPoppedRoutes)
      await api.register(correctionProblemRoutes)
      // issue 12 offline batch (supervisors): signed JSON Lines download, result upload
      await api.register(correctionBatchRoutes)
    },
    { prefix: API_PREFIX }
  )
  registerReadingRunner(app) // issue 13: screenshots read off the request path, when READING_WORKERS > 0
  // public, no login: test-site staff verify a receipt QR code here
  await app.register(verifyRoutes)

  if (fs.existsSync(config.h5Dir) && fs.statSync(config.h5Dir).isDirectory()) {
    await app.register(fastifyStatic, { root: config.h5Dir, prefix: '/', index: ['index.html'], wildcard: true })
  }

  return app
}
