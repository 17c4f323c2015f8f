import type { FastifyPluginAsync } from 'fastify'
import { requireReviewer, requireSupervisor, reviewerOf } from '../auth/guards'
import { approveCluster, clusters, MAX_CLUSTER_IDS } from './service'
import { text, uuid } from '../validation/schemas'

export const clusterRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)
  // clusters are supervisors' work: listing and approving alike
  app.addHook('preHandler', requireSupervisor)

  app.get('/review/clusters', { schema: { tags: ['review'], summary: '同因申诉分组（主管）' } }, async () => ({
    items: await clusters(app.db.kysely)
  }))

  app.post<{ Body: { appealIds: string[]; note?: string } }>(
    '/review/clusters/approve',
    {
      schema: {
        tags: ['review'],
        summary: '批量通过一组已核实的申诉（主管）',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['appealIds'],
          properties: {
            appealIds: { type: 'array', minItems: 1, maxItems: MAX_CLUSTER_IDS, items: uuid },
            note: text(500)
          }
        }
      }
    },
    async (req) => approveCluster(app.db.kysely, app.config, reviewerOf(req), req.body.appealIds, req.body.note ?? null)
  )
}
