import type { FastifyPluginAsync } from 'fastify'
import { verifyPage } from './service'
import { rateLimited } from '../security/rate-limits'
import { line } from '../validation/schemas'

/** Public, outside /api: test-site staff scan the QR code and get this page. */
export const verifyRoutes: FastifyPluginAsync = async (app) => {
  // the token's exact shape is checked by readToken before any query, and a wrong one gets the human
  // "invalid" page; the schema refuses only what is not text (control characters, NUL)
  app.get<{ Params: { token: string } }>(
    '/verify/:token',
    { onRequest: rateLimited(app, 'verify'), schema: { hide: true, params: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: line(200) } } } as object },
    async (req, reply) => {
      const { valid, html } = await verifyPage(app.db.kysely, app.config, req.params.token)
      return reply
        .status(200)
        .header('Content-Type', 'text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('X-Receipt-Valid', valid ? '1' : '0')
        .send(html)
    }
  )
}
