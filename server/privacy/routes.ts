// The citizen's rights over their data: GET /me/export (JSON, full data — theirs) and DELETE /me/appeals/:id
// (closed appeals only). The citizen guard runs once for the group; both actions are audited.
import type { FastifyPluginAsync } from 'fastify'
import { citizenOf, requireCitizen } from '../auth/guards'
import { addressHmac } from '../auth/service'
import { deleteMyAppeal, exportMyData } from './service'
import { idParams } from '../validation/schemas'

export const privacyRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireCitizen)

  app.get('/me/export', { schema: { tags: ['citizen'], summary: '导出我的数据' } }, async (req, reply) => {
    const data = await exportMyData(app.db.kysely, app.config, citizenOf(req).id, addressHmac(req.ip))
    return reply
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', 'attachment; filename="my-appeals.json"')
      .send(data)
  })

  app.delete<{ Params: { id: string } }>(
    '/me/appeals/:id',
    {
      schema: {
        tags: ['citizen'],
        summary: '删除我的已办结申诉及其材料',
        params: idParams
      }
    },
    async (req, reply) => {
      await deleteMyAppeal(app.db.kysely, app.config, citizenOf(req).id, req.params.id, addressHmac(req.ip))
      return reply.status(204).send()
    }
  )
}
