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
import { reviewerAccountRoutes, sessionRoutes } from './auth/routes'
import { uploadRoutes } from './uploads/routes'
import { appealRoutes } from './appeals/routes'
import { reviewRoutes } from './review/routes'
import { fileRoutes } from './files/routes'

/** Never let a token reach the log through the file route's ?token=. */
function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[REDACTED]')
}

export async function buildApp(config: Config, opts: { db?: Db } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[REDACTED]' },
            serializers: {
              // method and path only: no headers, no bodies
              req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) })
            }
          },
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } }
  })

  const db = opts.db ?? createDb(config)
  await migrate(db)
  app.decorate('db', db)
  app.decorate('config', config)
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
    },
    { prefix: API_PREFIX }
  )

  if (fs.existsSync(config.h5Dir) && fs.statSync(config.h5Dir).isDirectory()) {
    await app.register(fastifyStatic, { root: config.h5Dir, prefix: '/', index: ['index.html'], wildcard: true })
  }

  return app
}
