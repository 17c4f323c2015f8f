import type { FastifyPluginAsync } from 'fastify'
import { APPEAL_STATUSES, OUTCOMES, type AppealStatus } from '../../types/appeal'
import type { DecisionRequest } from '../../types/api'
import { requireReviewer, reviewerOf } from '../auth/guards'
import { claim, decide, getHeld, queue, release } from './service'

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }
} as const

export const reviewRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)

  app.get<{ Querystring: { status?: AppealStatus } }>(
    '/review/queue',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...APPEAL_STATUSES] } }
        }
      }
    },
    async (req) => queue(app.db.kysely, reviewerOf(req), req.query.status ?? 'queued')
  )

  app.post('/review/claim', async (req, reply) => {
    const appeal = await claim(app.db, app.config, reviewerOf(req))
    if (!appeal) return reply.status(204).send()
    return appeal
  })

  app.get<{ Params: { id: string } }>('/review/appeals/:id', { schema: { params: idParams } }, async (req) =>
    getHeld(app.db.kysely, app.config, reviewerOf(req), req.params.id)
  )

  app.post<{ Params: { id: string }; Body: DecisionRequest }>(
    '/review/appeals/:id/decision',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome'],
          properties: {
            outcome: { type: 'string', enum: [...OUTCOMES] },
            reasonCode: { type: 'string', maxLength: 40 }, // checked against the outcome's list → REASON_REQUIRED
            note: { type: 'string', maxLength: 500 }
          }
        }
      }
    },
    async (req) => decide(app.db.kysely, app.config, reviewerOf(req), req.params.id, req.body)
  )

  app.post<{ Params: { id: string } }>('/review/appeals/:id/release', { schema: { params: idParams } }, async (req, reply) => {
    await release(app.db.kysely, reviewerOf(req), req.params.id)
    return reply.status(204).send()
  })
}
