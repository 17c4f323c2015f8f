import type { FastifyPluginAsync } from 'fastify'
import { NEED_BY_REASONS, WITHDRAW_REASONS } from '../../types/appeal'
import type { CreateAppealRequest, RatingRequest, SupplementRequest, WithdrawRequest } from '../../types/api'
import { citizenOf, requireCitizen } from '../auth/guards'
import { idempotencyKeyFrom } from '../idempotency/service'
import { issueReceipt } from '../receipts/service'
import { rateLimited } from '../security/rate-limits'
import { AppealVersions } from './versions'
import { startFeed } from './change-feed'
import { appealResponse, ifNoneMatch, pollAppeal } from './poll'
import { calendarDate, idempotencyKey, idParams, instant, line, text, trackingNo, uuid } from '../validation/schemas'
import {
  createAppeal,
  getMyAppealByTracking,
  listMyAppeals,
  MAX_TESTS,
  rateAppeal,
  STATEMENT_MAX,
  supplementAppeal,
  urgeAppeal,
  withdrawAppeal
} from './service'

// every string has a shape (server/validation/schemas.ts): ids are UUIDs, dates real Beijing days, instants
// RFC 3339 with an offset, text free of control characters (line breaks only in the statement)
const uploadId = uuid

const negativeTests = {
  type: 'array',
  minItems: 0, // empty only with blockedFromTesting (checked by the evidence rules)
  maxItems: MAX_TESTS,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['shot', 'sampledAt'],
    properties: { shot: uploadId, sampledAt: instant }
  }
} as const

export const createAppealSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'popupShot', 'negativeTests', 'district', 'applicant', 'statement'],
  properties: {
    // category, district, ID number and phone get their precise codes from the service's checks
    category: line(32),
    popupShot: uploadId,
    negativeTests,
    district: line(16),
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber', 'phone'],
      properties: {
        // the allow-list itself (INVALID_NAME) is src/domain/identity.ts isValidName, run by the service
        name: line(60),
        idNumber: line(32),
        phone: line(32)
      }
    },
    statement: text(STATEMENT_MAX * 2),
    triggerDate: { anyOf: [calendarDate, { type: 'null' }] },
    blockedFromTesting: { type: 'boolean' },
    needBy: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['date', 'reason'],
          properties: { date: calendarDate, reason: { type: 'string', enum: [...NEED_BY_REASONS] } }
        },
        { type: 'null' }
      ]
    }
  }
} as const

const idemHeader = {
  type: 'object',
  properties: { 'idempotency-key': { ...idempotencyKey, description: 'a retry with the same key returns the first result' } }
} as const

export const appealRoutes: FastifyPluginAsync = async (app) => {
  const feed = await startFeed(app.db, app.config)
  app.addHook('onClose', () => feed.close())
  const versions = new AppealVersions(feed)
  app.addHook('onRequest', requireCitizen)

  app.post<{ Body: CreateAppealRequest }>(
    '/appeals',
    { onRequest: rateLimited(app, 'appeals'), schema: { tags: ['citizen'], summary: '提交申诉', headers: idemHeader, body: createAppealSchema } },
    async (req, reply) => {
      const me = citizenOf(req).id
      const r = await createAppeal(app.db, app.config, me, req.body, idempotencyKeyFrom(req.headers['idempotency-key'], me, 'POST /appeals'))
      return reply.status(r.status).send(r.body)
    }
  )

  app.get('/appeals', { schema: { tags: ['citizen'], summary: '我的申诉' } }, async (req) => ({
    items: await listMyAppeals(app.db.kysely, citizenOf(req).id)
  }))

  app.get<{ Params: { trackingNo: string } }>(
    '/appeals/by-tracking/:trackingNo',
    {
      schema: {
        tags: ['citizen'],
        summary: '按查询码查本人申诉',
        params: { type: 'object', additionalProperties: false, required: ['trackingNo'], properties: { trackingNo } }
      }
    },
    async (req) => getMyAppealByTracking(app.db.kysely, app.config, citizenOf(req).id, req.params.trackingNo)
  )

  app.get<{ Params: { id: string } }>(
    '/appeals/:id',
    { schema: { tags: ['citizen'], summary: '申诉详情（轮询：带 If-None-Match 时未变化返回 304）', params: idParams, headers: ifNoneMatch, response: { 200: appealResponse } } },
    async (req, reply) => pollAppeal(app, versions, req, reply)
  )

  app.post<{ Params: { id: string }; Body: WithdrawRequest }>(
    '/appeals/:id/withdraw',
    {
      schema: {
        tags: ['citizen'],
        summary: '撤回 / 弹窗已消失',
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', enum: [...WITHDRAW_REASONS] } } }
      }
    },
    async (req) => withdrawAppeal(app.db, app.config, citizenOf(req).id, req.params.id, req.body)
  )

  app.post<{ Params: { id: string }; Body: SupplementRequest }>(
    '/appeals/:id/supplement',
    {
      schema: {
        tags: ['citizen'],
        summary: '补充材料',
        params: idParams,
        headers: idemHeader,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { popupShot: uploadId, negativeTests, statement: text(STATEMENT_MAX * 2) }
        }
      }
    },
    async (req, reply) => {
      const me = citizenOf(req).id
      const key = idempotencyKeyFrom(req.headers['idempotency-key'], me, `POST /appeals/${req.params.id}/supplement`)
      const r = await supplementAppeal(app.db, app.config, me, req.params.id, req.body ?? {}, key)
      return reply.status(r.status).send(r.body)
    }
  )

  app.post<{ Params: { id: string } }>('/appeals/:id/urge', { onRequest: rateLimited(app, 'urges'), schema: { tags: ['citizen'], summary: '催办', params: idParams } }, async (req) =>
    urgeAppeal(app.db, app.config, citizenOf(req).id, req.params.id)
  )

  app.post<{ Params: { id: string }; Body: RatingRequest }>(
    '/appeals/:id/rating',
    {
      schema: {
        tags: ['citizen'],
        summary: '满意度评价',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['score'],
          properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: text(300) }
        }
      }
    },
    async (req) => rateAppeal(app.db, app.config, citizenOf(req).id, req.params.id, req.body)
  )

  app.get<{ Params: { id: string } }>('/appeals/:id/receipt', { schema: { tags: ['citizen'], summary: '检测点凭证', params: idParams } }, async (req) =>
    issueReceipt(app.db.kysely, app.config, citizenOf(req).id, req.params.id)
  )
}
