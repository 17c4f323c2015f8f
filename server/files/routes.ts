import type { FastifyPluginAsync } from 'fastify'
import { resolvePrincipal } from '../auth/guards'
import { AppError } from '../errors'
import { evidenceKey, storageFor } from '../storage'
import { readableUpload } from './service'
import { auditFileServed } from '../audit/service'
import { idParams, queryToken } from '../validation/schemas'

export const fileRoutes: FastifyPluginAsync = async (app) => {
  // resolved at registration: STORAGE=s3 without a bucket stops the server at boot, not at the first screenshot
  const store = storageFor(app.config)
  // a streamed screenshot sends its headers before its bytes: a connection that finishes one after close()
  // began would then idle on keep-alive (72 s) and hold the shutdown, so such a connection is ended instead
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  app.get<{ Params: { id: string }; Querystring: { token?: string; size?: 'full' | 'thumb' } }>(
    '/files/:id',
    {
      schema: {
        params: idParams,
        // no additionalProperties: false here: an <img> URL may carry a cache-busting parameter
        querystring: {
          type: 'object',
          properties: { token: queryToken, size: { type: 'string', enum: ['full', 'thumb'] } }
        }
      }
    },
    async (req, reply) => {
      // <img> cannot send headers, so this route alone also takes ?token=
      const principal = await resolvePrincipal(req, true)
      const upload = await readableUpload(app.db.kysely, principal, req.params.id)
      await auditFileServed(app.db.kysely, principal, upload)
      const thumb = req.query.size === 'thumb' && upload.thumb_mime !== null
      // streamed from the store (a local file or the private bucket) through this handler, the only way out
      const object = await store.get(evidenceKey(upload.id, thumb ? 'thumb' : 'full'))
      if (!object) throw new AppError('FILE_NOT_FOUND')
      if (object.size !== null) reply.header('Content-Length', object.size)
      const socket = reply.raw.socket
      reply.raw.once('finish', () => {
        if (closing) socket?.end()
      })
      return reply
        .header('Content-Type', thumb ? upload.thumb_mime! : upload.mime)
        .header('Content-Disposition', 'inline')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(object.body)
    }
  )
}
