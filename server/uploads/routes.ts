import type { FastifyPluginAsync } from 'fastify'
import { citizenOf, requireCitizen } from '../auth/guards'
import { AppError } from '../errors'
import { storeUpload } from './service'
import { rateLimited } from '../security/rate-limits'

export const uploadRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireCitizen)

  app.post('/uploads', { onRequest: rateLimited(app, 'uploads') }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('UPLOAD_MISSING_FILE')
    const file = await req.file({ limits: { fileSize: app.config.uploadMaxBytes, files: 1, fields: 5, parts: 6 } })
    if (!file || file.fieldname !== 'file') {
      if (file) file.file.resume()
      throw new AppError('UPLOAD_MISSING_FILE')
    }
    const bytes = await file.toBuffer() // throws FST_REQ_FILE_TOO_LARGE → 413 UPLOAD_TOO_LARGE
    // toBuffer checks truncation per chunk; when busboy marks the stream truncated after its last chunk the
    // cut-off bytes would come through (seen under load): the size limit is enforced here as well
    if (file.file.truncated || bytes.length > app.config.uploadMaxBytes) throw new AppError('UPLOAD_TOO_LARGE')
    const result = await storeUpload(app.db.kysely, app.config, citizenOf(req).id, bytes)
    return reply.status(201).send(result)
  })
}
