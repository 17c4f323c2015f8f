// Supervisors' routes beside the queue: an appeal's audit trail, the whole trail, reviewer throughput, the
// overdue list and the statistics CSV. The whole group is supervisor-only: one preHandler says so.
import type { FastifyPluginAsync } from 'fastify'
import { requireReviewer, requireSupervisor, reviewerOf } from '../auth/guards'
import { AUDIT_ACTIONS, auditTrail, queryAudit, recordAudit } from '../audit/service'
import { idParams, instant, uuid } from '../validation/schemas'
import { visibleAppeal } from './history'
import { overdueList, statsCsv, statsCsvFilename, throughput } from './throughput'

const windowQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: instant, to: instant }
} as const

interface AuditQuery {
  from?: string
  to?: string
  action?: string
  actorId?: string
  cursor?: string
  limit?: string
}

export const supervisorRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)
  app.addHook('preHandler', requireSupervisor)

  app.get<{ Params: { id: string } }>(
    '/review/appeals/:id/audit',
    { schema: { tags: ['review'], summary: '申诉的查看与操作记录（主管）', params: idParams } },
    async (req) => {
      await visibleAppeal(app.db.kysely, reviewerOf(req), req.params.id)
      return { items: await auditTrail(app.db.kysely, req.params.id) }
    }
  )

  // the whole trail: GET /review/audit?from&to&action&actorId&cursor&limit (newest first)
  app.get<{ Querystring: AuditQuery }>(
    '/review/audit',
    {
      schema: {
        tags: ['review'],
        summary: '审计记录查询（主管）',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: instant,
            to: instant,
            action: { type: 'string', enum: AUDIT_ACTIONS },
            actorId: uuid,
            cursor: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }
          }
        }
      }
    },
    async (req) => {
      const q = req.query
      const iso = (v?: string) => (v === undefined ? undefined : new Date(v).toISOString())
      const page = await queryAudit(app.db.kysely, {
        from: iso(q.from),
        to: iso(q.to),
        action: q.action,
        actorId: q.actorId,
        cursor: q.cursor === undefined ? undefined : Number(q.cursor),
        limit: q.limit === undefined ? undefined : Number(q.limit)
      })
      await recordAudit(app.db.kysely, reviewerOf(req), 'export_audit', null, JSON.stringify(q))
      return page
    }
  )

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/review/stats/reviewers',
    { schema: { tags: ['review'], summary: '审核员处理量（主管）', querystring: windowQuery } },
    async (req) => ({ items: await throughput(app.db.kysely, req.query) })
  )

  app.get('/review/stats/overdue', { schema: { tags: ['review'], summary: '超时未办清单（主管）' } }, async () => ({
    items: await overdueList(app.db.kysely)
  }))

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/review/stats.csv',
    { schema: { tags: ['review'], summary: '统计导出 CSV（主管）', querystring: windowQuery } },
    async (req, reply) => {
      const reviewer = reviewerOf(req)
      const body = await statsCsv(app.db.kysely, reviewer, req.query)
      await recordAudit(app.db.kysely, reviewer, 'export_stats', null, JSON.stringify(req.query))
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${statsCsvFilename()}"`)
        .header('Cache-Control', 'private, no-store')
        .send(body)
    }
  )
}
