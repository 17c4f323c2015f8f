import fs from 'node:fs'
import type { FastifyPluginAsync } from 'fastify'
import { resolvePrincipal } from '../auth/guards'
import { AppError } from '../errors'
import { filePath } from '../uploads/service'
import { readableUpload } from './service'

export const fileRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string }; Querystring: { token?: string } }>(
    '/files/:id',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
        querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } }
      }
    },
    async (req, reply) => {
      // <img> cannot send headers, so this route alone also takes ?token=
      const principal = await resolvePrincipal(req, true)
      const upload = await readableUpload(app.db.kysely, principal, req.params.id)
      let data: Buffer
      try {
        data = await fs.promises.readFile(filePath(app.config, upload.id))
      } catch {
        throw new AppError('FILE_NOT_FOUND')
      }
      return reply
        .header('Content-Type', upload.mime)
        .header('Content-Disposition', 'inline')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(data)
    }
  )
}
