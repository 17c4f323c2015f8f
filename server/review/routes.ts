import type { FastifyPluginAsync } from 'fastify'
import { APPEAL_STATUSES, CATEGORIES, OUTCOMES } from '../../types/appeal'
import type { DecisionRequest, QueueQuery, ReassignRequest } from '../../types/api'
import { DISTRICTS } from '../../src/domain/districts'
import { requireReviewer, requireSupervisor, reviewerOf } from '../auth/guards'
import { idempotencyKeyFrom } from '../idempotency/service'
import { claim, claimOne, decide, getHeld, heartbeat, queue, reassign, release, QUEUE_MAX_LIMIT } from './service'
import { stats } from './stats'
import { appealHistory } from './history'
import { recordAudit } from '../audit/service'
import { base64urlCursor, idempotencyKey, idParams, instant, text, uuid } from '../validation/schemas'

interface QueueQueryString {
  status?: QueueQuery['status']
  district?: string
  category?: QueueQuery['category']
  overdue?: 'true' | 'false'
  flag?: QueueQuery['flag']
  sort?: QueueQuery['sort']
  cursor?: string
  limit?: string
}

export const reviewRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)

  app.get<{ Querystring: QueueQueryString }>(
    '/review/queue',
    {
      schema: {
        tags: ['review'],
        summary: '审核队列（键集分页）',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...APPEAL_STATUSES] },
            district: { type: 'string', enum: [...DISTRICTS] },
            category: { type: 'string', enum: [...CATEGORIES] },
            overdue: { type: 'string', enum: ['true', 'false'] },
            flag: { type: 'string', enum: ['blocked', 'need_by', 'urged', 'reused', 'mismatch'] },
            sort: { type: 'string', enum: ['priority', 'age'] },
            cursor: base64urlCursor,
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }
          }
        }
      }
    },
    async (req) => {
      const q = req.query
      return queue(app.db.kysely, reviewerOf(req), {
        ...q,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        limit: q.limit === undefined ? undefined : Math.min(Number(q.limit), QUEUE_MAX_LIMIT)
      })
    }
  )

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/review/stats',
    {
      schema: {
        tags: ['review'],
        summary: '统计',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: instant, to: instant }
        }
      }
    },
    async (req) => stats(app.db.kysely, reviewerOf(req), req.query, { correctionSlaHours: app.config.correctionSlaHours })
  )

  app.get<{ Params: { id: string } }>(
    '/review/appeals/:id/history',
    { schema: { tags: ['review'], summary: '同一申诉人的其他申诉（脱敏）', params: idParams } },
    async (req) => ({ items: await appealHistory(app.db.kysely, reviewerOf(req), req.params.id) })
  )

  app.post('/review/claim', { schema: { tags: ['review'], summary: '领取下一条' } }, async (req, reply) => {
    const appeal = await claim(app.db, app.config, reviewerOf(req))
    if (!appeal) return reply.status(204).send()
    await recordAudit(app.db.kysely, reviewerOf(req), 'claim', appeal.id)
    return appeal
  })

  app.get<{ Params: { id: string } }>('/review/appeals/:id', { schema: { tags: ['review'], params: idParams } }, async (req) =>
    getHeld(app.db.kysely, app.config, reviewerOf(req), req.params.id)
  )

  app.post<{ Params: { id: string } }>('/review/appeals/:id/claim', { schema: { tags: ['review'], summary: '领取指定申诉', params: idParams } }, async (req) =>
    claimOne(app.db, app.config, reviewerOf(req), req.params.id).then(async (a) => (await recordAudit(app.db.kysely, reviewerOf(req), 'claim', a.id), a))
  )

  app.post<{ Params: { id: string } }>('/review/appeals/:id/heartbeat', { schema: { tags: ['review'], summary: '续租', params: idParams } }, async (req) =>
    heartbeat(app.db, app.config, reviewerOf(req), req.params.id)
  )

  app.post<{ Params: { id: string }; Body: DecisionRequest }>(
    '/review/appeals/:id/decision',
    {
      schema: {
        tags: ['review'],
        summary: '审核决定',
        params: idParams,
        headers: { type: 'object', properties: { 'idempotency-key': idempotencyKey } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome'],
          properties: {
            outcome: { type: 'string', enum: [...OUTCOMES] },
            reasonCode: { type: 'string', maxLength: 40, pattern: '^[a-z_]+$' }, // checked against the outcome's list → REASON_REQUIRED
            note: text(500)
          }
        }
      }
    },
    async (req, reply) => {
      const me = reviewerOf(req)
      const key = idempotencyKeyFrom(req.headers['idempotency-key'], me.id, `POST /review/appeals/${req.params.id}/decision`)
      // audited inside decide(), with the decision itself: a replay is not audited again
      const r = await decide(app.db, app.config, me, req.params.id, req.body, key)
      return reply.status(r.status).send(r.body)
    }
  )

  app.post<{ Params: { id: string } }>('/review/appeals/:id/release', { schema: { tags: ['review'], summary: '放回队列', params: idParams } }, async (req, reply) => {
    await release(app.db, reviewerOf(req), req.params.id)
    return reply.status(204).send()
  })

  app.post<{ Params: { id: string }; Body: ReassignRequest }>(
    '/review/appeals/:id/reassign',
    {
      preHandler: requireSupervisor,
      schema: {
        tags: ['review'],
        summary: '主管改派',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reviewerId'],
          properties: { reviewerId: { anyOf: [uuid, { type: 'null' }] } }
        }
      }
    },
    async (req) => reassign(app.db, app.config, reviewerOf(req), req.params.id, req.body.reviewerId)
  )
}
