// Supervisor figures beside GET /review/stats: reviewer throughput, the overdue list, and a CSV export.
// The CSV carries counts and tracking numbers only — never ID numbers, names or phones. Routes: ./supervisor-routes.
import type { Kysely } from 'kysely'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { overdueAt } from '../appeals/overdue'
import { stats, statsWindow } from './stats'
import { inShanghai } from '../../src/domain/time'

export interface ReviewerThroughput {
  reviewerId: string
  username: string
  decided: number
  approved: number
  rejected: number
  needsInfo: number
}

export async function throughput(db: Kysely<Database>, q: { from?: string; to?: string }): Promise<ReviewerThroughput[]> {
  // the same window rule as /review/stats, cap included: one call never reads more than MAX_WINDOW_DAYS of decisions
  const { fromIso, toIso } = statsWindow(q)
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
    .where(overdueAt(new Date().toISOString()))
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

/** Named by the Beijing date of the export: at 01:30 in Beijing (17:30 UTC the day before) it is already today's. */
export function statsCsvFilename(now = new Date()): string {
  return `review-stats-${inShanghai(now).format('YYYY-MM-DD')}.csv`
}
