import type { FastifyPluginAsync } from 'fastify'
import type { ReviewerLoginRequest, WechatSessionRequest } from '../../types/api'
import { bearerToken, requireReviewer, reviewerOf } from './guards'
import { toProfile, findReviewerById } from './reviewers'
import { deviceSession, reviewerLogin, wechatSession } from './service'
import { deleteSession } from './sessions'
import { AppError } from '../errors'
import { recordAudit } from '../audit/service'
import { rateLimited } from '../security/rate-limits'
import { line, loginUsername } from '../validation/schemas'

export const sessionRoutes: FastifyPluginAsync = async (app) => {
  app.post('/session/device', { onRequest: rateLimited(app, 'sessions') }, async () => {
    return deviceSession(app.db.kysely, app.config)
  })

  app.post<{ Body: WechatSessionRequest }>(
    '/session/wechat',
    {
      onRequest: rateLimited(app, 'sessions'),
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code'],
          // WeChat's login codes are short printable ASCII
          properties: { code: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } }
        }
      }
    },
    async (req) => {
      return wechatSession(app.db.kysely, app.config, req.body.code)
    }
  )

  app.post<{ Body: ReviewerLoginRequest }>(
    '/reviewer/session',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            // shaped before the throttle and the lookup: a NUL or a control character never reaches a query
            username: loginUsername,
            password: line(200, 1)
          }
        }
      }
    },
    async (req) => {
      return reviewerLogin(app.db.kysely, app.config, req.body.username, req.body.password, req.ip)
    }
  )
}

/** Reviewer session management that needs the reviewer's token. */
export const reviewerAccountRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)

  app.delete('/reviewer/session', async (req, reply) => {
    const token = bearerToken(req)
    if (token) await deleteSession(app.db.kysely, token)
    await recordAudit(app.db.kysely, reviewerOf(req), 'logout', null)
    return reply.status(204).send()
  })

  app.get('/reviewer/me', async (req) => {
    const row = await findReviewerById(app.db.kysely, reviewerOf(req).id)
    if (!row) throw new AppError('UNAUTHENTICATED')
    return toProfile(row)
  })
}
