// Routes of the correction loop (issue 12), each group behind its own realm:
//  - the operator's feed and acks: operator keys only (requireOperator);
//  - 「弹窗还在」: the citizen owning the appeal (requireCitizen);
//  - the supervisors' problem list and its answers: reviewers, supervisors only (FORBIDDEN otherwise).
import type { FastifyPluginAsync } from 'fastify'
import { ACK_RESULTS, type AckRequest, type CorrectionRejectRequest, type StillPoppedRequest } from '../../types/correction'
import { REJECT_REASON_CODES } from '../../types/appeal'
import { citizenOf, operatorOf, requireCitizen, requireOperator, requireReviewer, requireSupervisor, reviewerOf } from '../auth/guards'
import { base64urlCursor, idParams, text } from '../validation/schemas'
import { applyAck, FEED_LIMIT, FEED_MAX_LIMIT, pullFeed } from './service'
import { stillPopped } from './still-popped'
import { listProblems, rejectProblem, retryProblem } from './problems'

export const NOTE_MAX = 500

export const operatorRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireOperator)

  app.get<{ Querystring: { after?: string; limit?: string } }>(
    '/operator/corrections',
    {
      schema: {
        tags: ['operator'],
        summary: '待解除弹窗的纠错（按审核通过时间，至少一次）',
        description:
          '审核通过、尚未确认的纠错，最早通过的在前。after 为上一页的 next；next 为 null 表示已到末尾。' +
          '游标只是通过时间的位置，不消费任何条目：未确认的条目从头再拉时会再次出现。首次拉取即视为已转交（市民可见），每次拉取都记入审计。' +
          '含完整身份信息（姓名、身份证号、手机号），仅对运营方密钥开放。',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: base64urlCursor,
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: `每页条数，默认 ${FEED_LIMIT}，最多 ${FEED_MAX_LIMIT}` }
          }
        }
      }
    },
    async (req) => {
      const limit = req.query.limit === undefined ? FEED_LIMIT : Math.min(Number(req.query.limit), FEED_MAX_LIMIT)
      return pullFeed(app.db, operatorOf(req), req.query.after ?? null, limit)
    }
  )

  app.post<{ Params: { id: string }; Body: AckRequest }>(
    '/operator/corrections/:id/ack',
    {
      schema: {
        tags: ['operator'],
        summary: '确认处理结果',
        description:
          'result：cleared（已解除）、not_found（查无此人/记录）、refused（不予解除，请在 note 说明原因）。' +
          '同一结果重复提交返回相同结果（幂等）；已确认为其他结果时返回 409 ACK_CONFLICT。已确认的条目离开待处理列表。',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['result'],
          properties: { result: { type: 'string', enum: [...ACK_RESULTS] }, note: text(NOTE_MAX) }
        }
      }
    },
    async (req) => applyAck(app.db, req.params.id, req.body.result, req.body.note, operatorOf(req))
  )
}

export const stillPoppedRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireCitizen)

  app.post<{ Params: { id: string }; Body: StillPoppedRequest | undefined }>(
    '/appeals/:id/still-popped',
    {
      // the note is optional and so is the body: an empty POST is {} (the schema still refuses anything else)
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {}
      },
      schema: {
        tags: ['citizen'],
        summary: '弹窗还在',
        description: '确认解除后，或转交健康宝运营方 24 小时后仍未解除时可用：申诉回到队首重新审核（409 STILL_POPPED_TOO_SOON 说明何时可用）。',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { note: text(300) } }
      }
    },
    async (req) => stillPopped(app.db, app.config, citizenOf(req).id, req.params.id, req.body?.note)
  )
}

export const correctionProblemRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)
  app.addHook('preHandler', requireSupervisor)

  app.get(
    '/review/corrections/problems',
    {
      schema: {
        tags: ['review'],
        summary: '运营方未能解除的纠错（主管）',
        description: 'not_found / refused 且尚未处理的纠错，最早确认的在前。处理方式：重新转交（retry）、驳回（reject）、或改派审核员（reassign）。'
      }
    },
    async (req) => listProblems(app.db.kysely)
  )

  app.post<{ Params: { id: string } }>(
    '/review/corrections/:id/retry',
    { schema: { tags: ['review'], summary: '重新转交健康宝运营方（主管）', description: '生成新一次纠错（attempt + 1），回到运营方待处理列表。', params: idParams } },
    async (req) => retryProblem(app.db, reviewerOf(req), req.params.id)
  )

  app.post<{ Params: { id: string }; Body: CorrectionRejectRequest }>(
    '/review/corrections/:id/reject',
    {
      schema: {
        tags: ['review'],
        summary: '驳回申诉（主管）',
        description: '申诉变为未通过，原因对市民可见。',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reasonCode'],
          properties: { reasonCode: { type: 'string', enum: [...REJECT_REASON_CODES] }, note: text(NOTE_MAX) }
        }
      }
    },
    async (req) => rejectProblem(app.db, app.config, reviewerOf(req), req.params.id, req.body.reasonCode, req.body.note)
  )
}
