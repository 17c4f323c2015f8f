// Supervisor figures beside GET /review/stats: reviewer throughput, the overdue list, and a CSV export.
// The CSV carries counts and tracking numbers only — never ID numbers, names or phones.
import { recordAudit } from '../audit/service'
import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import { requireReviewer, reviewerOf } from '../auth/guards'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { SLA_STATUSES } from '../appeals/view'
import { stats } from './stats'

export interface ReviewerThroughput {
  reviewerId: string
  username: string
  decided: number
  approved: number
  rejected: number
  needsInfo: number
}

function supervisorOnly(reviewer: ReviewerPrincipal): void {
  if (!reviewer.supervisor) throw new AppError('FORBIDDEN')
}

function windowOf(q: { from?: string; to?: string }): { fromIso: string; toIso: string } {
  const to = q.to ? new Date(q.to) : new Date()
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3600_000)
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime()) || from >= to) {
    throw new AppError('VALIDATION_FAILED', { message: '统计时间范围不正确', field: 'from' })
  }
  return { fromIso: from.toISOString(), toIso: to.toISOString() }
}

export async function throughput(db: Kysely<Database>, q: { from?: string; to?: string }): Promise<ReviewerThroughput[]> {
  const { fromIso, toIso } = windowOf(q)
  const rows = await db
    .selectFrom('appeals')
    .innerJoin('reviewers', 'reviewers.id', 'appeals.decided_by')
    .select((eb) => ['reviewers.id as rid', 'reviewers.username', 'appeals.decision_outcome', eb.fn.countAll().as('n')])
    .where('appeals.decided_at', '>=', fromIso)
    .where('appeals.decided_at', '<', toIso)
    .groupBy(['reviewers.id', 'reviewers.username', 'appeals.decision_outcome'])
    .execute()
  const by = new Map<string, ReviewerThroughput>()
  for (const r of rows) {
    const t = by.get(r.rid) ?? { reviewerId: r.rid, username: r.username, decided: 0, approved: 0, rejected: 0, needsInfo: 0 }
    const n = Number(r.n)
    t.decided += n
    if (r.decision_outcome === 'approved') t.approved += n
    else if (r.decision_outcome === 'rejected') t.rejected += n
    else if (r.decision_outcome === 'needs_info') t.needsInfo += n
    by.set(r.rid, t)
  }
  return [...by.values()].sort((a, b) => b.decided - a.decided || a.username.localeCompare(b.username))
}

export async function overdueList(db: Kysely<Database>, limit = 100) {
  const rows = await db
    .selectFrom('appeals')
    .select(['id', 'tracking_no', 'district', 'status', 'due_at'])
    .where('status', 'in', SLA_STATUSES)
    .where('due_at', '<', new Date().toISOString())
    .orderBy('due_at')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, trackingNo: r.tracking_no, district: r.district, status: r.status, dueAt: r.due_at }))
}

/** RFC 4180 field quoting; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v)
  if (/^[=+\-@]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export async function statsCsv(db: Kysely<Database>, reviewer: ReviewerPrincipal, q: { from?: string; to?: string }): Promise<string> {
  const s = await stats(db, reviewer, q)
  const t = await throughput(db, q)
  const overdue = await overdueList(db, 1000)
  const lines: unknown[][] = [
    ['section', 'key', 'sub', 'value'],
    ['window', 'from', '', s.from],
    ['window', 'to', '', s.to],
    ...s.backlog.map((b) => ['backlog', b.district, b.status, b.count]),
    ...s.decisionsPerHour.map((d) => ['decisions_per_hour', d.hour, '', d.count]),
    ['median_minutes_to_decision', '', '', s.medianMinutesToDecision ?? ''],
    ['sla', 'decided', '', s.sla.decided],
    ['sla', 'within_sla', '', s.sla.withinSla],
    ['sla', 'compliance', '', s.sla.compliance ?? ''],
    ['sla', 'overdue_open', '', s.sla.overdueOpen],
    ...t.map((r) => ['reviewer_throughput', r.username, 'decided', r.decided]),
    ...overdue.map((o) => ['overdue', o.trackingNo, o.district, o.dueAt])
  ]
  return '\uFEFF' + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n'
}

const windowQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 } }
} as const

export const supervisorStatsRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/review/stats/reviewers',
    { schema: { tags: ['review'], summary: '审核员处理量（主管）', querystring: windowQuery } },
    async (req) => {
      supervisorOnly(reviewerOf(req))
      return { items: await throughput(app.db.kysely, req.query) }
    }
  )

  app.get('/review/stats/overdue', { schema: { tags: ['review'], summary: '超时未办清单（主管）' } }, async (req) => {
    supervisorOnly(reviewerOf(req))
    return { items: await overdueList(app.db.kysely) }
  })

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/review/stats.csv',
    { schema: { tags: ['review'], summary: '统计导出 CSV（主管）', querystring: windowQuery } },
    async (req, reply) => {
      const reviewer = reviewerOf(req)
      supervisorOnly(reviewer)
      const body = await statsCsv(app.db.kysely, reviewer, req.query)
      await recordAudit(app.db.kysely, reviewer, 'export_stats', null, JSON.stringify(req.query))
      const stamp = new Date().toISOString().slice(0, 10)
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="review-stats-${stamp}.csv"`)
        .header('Cache-Control', 'private, no-store')
        .send(body)
    }
  )
}
