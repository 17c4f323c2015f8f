import fs from 'node:fs'
import type { FastifyPluginAsync } from 'fastify'
import { resolvePrincipal } from '../auth/guards'
import { AppError } from '../errors'
import { filePath } from '../uploads/service'
import { readableUpload } from './service'
import { auditFileServed } from '../audit/service'
import { idParams, queryToken } from '../validation/schemas'

export const fileRoutes: FastifyPluginAsync = async (app) => {
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
      let data: Buffer
      try {
        data = await fs.promises.readFile(filePath(app.config, upload.id, thumb ? 'thumb' : 'full'))
      } catch {
        throw new AppError('FILE_NOT_FOUND')
      }
      return reply
        .header('Content-Type', thumb ? upload.thumb_mime! : upload.mime)
        .header('Content-Disposition', 'inline')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(data)
    }
  )
}
