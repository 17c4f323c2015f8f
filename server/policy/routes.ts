// GET /api/v1/policy: public (the form states the rules before anyone logs in), cacheable, revalidated by ETag.
import type { FastifyPluginAsync } from 'fastify'
import { APPEAL_STATUSES } from '../../types/appeal'
import { matchesEtag, servedPolicy } from './service'

/** Short enough that a changed setting reaches the apps within minutes; they also keep it across starts. */
export const POLICY_MAX_AGE_SECONDS = 300

const count = { type: 'integer', minimum: 0 } as const

const policySchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'evidenceMaxAgeHours',
    'testMinGapHours',
    'maxNegativeTests',
    'statementMaxChars',
    'slaHours',
    'urgeStatuses',
    'urgeIntervalHours',
    'needsInfoTimeoutDays',
    'needByCloseHours'
  ],
  properties: {
    evidenceMaxAgeHours: count,
    testMinGapHours: count,
    maxNegativeTests: count,
    statementMaxChars: count,
    slaHours: count,
    urgeStatuses: { type: 'array', items: { type: 'string', enum: [...APPEAL_STATUSES] } },
    urgeIntervalHours: count,
    needsInfoTimeoutDays: count,
    needByCloseHours: count
  }
} as const

export const policyRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/policy',
    { schema: { tags: ['citizen'], summary: '办理规则（核酸时限、催办、办结时限等，按服务器配置）', response: { 200: policySchema, 304: { description: 'If-None-Match 与当前 ETag 相同：规则未变', type: 'null' } } } },
    async (req, reply) => {
      const { body, etag } = servedPolicy(app.config)
      reply.header('Cache-Control', `public, max-age=${POLICY_MAX_AGE_SECONDS}`).header('ETag', etag)
      if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send()
      return body
    }
  )
}
