// Builds the Fastify instance: database, error handling, feature routes, the H5 app. main.ts listens; tests build it too.
import fs from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import { API_PREFIX } from '../types/api'
import type { Config } from './config'
import './context'
import { createDb, type Db } from './db/dialect'
import { migrate } from './db/migrate'
import { registerErrorHandling } from './errors'
import { loggingOptions } from './ops/logging'
import { registerOps } from './ops'
import { registerUnderPressure } from './ops/under-pressure'
import { reviewerAccountRoutes, sessionRoutes } from './auth/routes'
import { uploadRoutes } from './uploads/routes'
import { appealRoutes } from './appeals/routes'
import { reviewRoutes } from './review/routes'
import { fileRoutes } from './files/routes'
import { reviewerToolRoutes } from './review/history'
import { supervisorStatsRoutes } from './review/throughput'
import { clusterRoutes } from './clusters/routes'
import { verifyRoutes } from './receipts/routes'
import { registerOpenApi } from './openapi'
import { loadKeyring } from './crypto/keyring'
import { encryptLegacyRows } from './crypto/convert'
import { registerSecurityHeaders } from './security/headers'
import { registerRateLimits } from './security/rate-limits'
import { privacyRoutes } from './privacy/routes'

export async function buildApp(config: Config, opts: { db?: Db; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON logs with a request id on every request line, X-Request-Id, redaction: server/ops/logging.ts
    ...loggingOptions(config, opts.logStream),
    bodyLimit: 256 * 1024,
    // request.ip is the client only through proxies named in TRUST_PROXY (none by default): a spoofed
    // X-Forwarded-For from anyone else is ignored. Rate limits, login throttle, audit and /metrics rely on it.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } }
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

  // an empty body with a JSON content type (some mini-program clients send one) is "no body", not an error
  const jsonParser = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined)
    return jsonParser(req, body as string, done)
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
      await api.register(reviewerToolRoutes)
      await api.register(supervisorStatsRoutes)
      await api.register(clusterRoutes)
      await api.register(privacyRoutes)
    },
    { prefix: API_PREFIX }
  )
  // public, no login: test-site staff verify a receipt QR code here
  await app.register(verifyRoutes)

  if (fs.existsSync(config.h5Dir) && fs.statSync(config.h5Dir).isDirectory()) {
    await app.register(fastifyStatic, { root: config.h5Dir, prefix: '/', index: ['index.html'], wildcard: true })
  }

  return app
}
