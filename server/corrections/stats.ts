// The correction loop's figures (issue 12 dashboard): approvals waiting for the operator, hand-overs
// awaiting an answer, overdue ones (CORRECTION_SLA_HOURS after the approval without an answer), and the time
// from approval to 弹窗已解除 (median, p90). One query set serves both the reviewer dashboard
// (GET /review/stats, scoped to the reviewer's districts) and the /metrics gauges (all districts).
//
// Time to cleared is measured per attempt, from the approval that attempt carries out (corrections.decided_at)
// to the operator's `cleared` ack: the part of the citizen's wait that the operator loop adds.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { CorrectionStats } from '../../types/api'

/** The dashboard's correction figures (types/api.ts) before the push backlog is added; hours unrounded here. */
export type CorrectionFigures = Omit<CorrectionStats, 'pushBacklog'>

/** Quantile q of sorted values, linear between neighbours (so the median of an even count is the mean of the middle two). */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/**
 * `districts`: null = every district (supervisors, metrics); [] = none. The window [fromIso, toIso) selects
 * the answers (acked_at); the open counts are as of `now`.
 */
export async function correctionFigures(
  db: Kysely<Database>,
  opts: { fromIso: string; toIso: string; now?: Date; slaHours: number; districts: string[] | null }
): Promise<CorrectionFigures> {
  const now = opts.now ?? new Date()
  const scoped = (qb: any) =>
    opts.districts === null
      ? qb
      : opts.districts.length
        ? qb.innerJoin('appeals', 'appeals.id', 'corrections.appeal_id').where('appeals.district', 'in', opts.districts)
        : qb.where('corrections.id', '=', '')
  const overdueBefore = new Date(now.getTime() - opts.slaHours * 3600_000).toISOString()

  const open = (await scoped(
    db
      .selectFrom('corrections')
      .select((eb: any) => [
        'corrections.status as status',
        eb.fn.countAll().as('n'),
        // counted in the same pass: open and approved before the SLA cut-off
        eb.fn.sum(eb.case().when('corrections.decided_at', '<', overdueBefore).then(1).else(0).end()).as('late')
      ])
      .where('corrections.status', 'in', ['waiting', 'handed_over'])
      .groupBy('corrections.status')
  ).execute()) as { status: string; n: unknown; late: unknown }[]

  const answered = (await scoped(
    db
      .selectFrom('corrections')
      .select(['corrections.status as status', 'corrections.decided_at as decided_at', 'corrections.acked_at as acked_at'])
      .where('corrections.acked_at', '>=', opts.fromIso)
      .where('corrections.acked_at', '<', opts.toIso)
      .where('corrections.status', 'in', ['cleared', 'not_cleared'])
  ).execute()) as { status: string; decided_at: string; acked_at: string }[]

  const f: CorrectionFigures = {
    waiting: 0,
    handedOver: 0,
    overdue: 0,
    slaHours: opts.slaHours,
    cleared: 0,
    notCleared: 0,
    medianHoursToCleared: null,
    p90HoursToCleared: null
  }
  for (const r of open) {
    if (r.status === 'waiting') f.waiting = Number(r.n)
    else f.handedOver = Number(r.n)
    f.overdue += Number(r.late ?? 0)
  }
  const hours: number[] = []
  for (const r of answered) {
    if (r.status === 'cleared') {
      f.cleared++
      hours.push(Math.max(0, Date.parse(r.acked_at) - Date.parse(r.decided_at)) / 3600_000)
    } else {
      f.notCleared++
    }
  }
  hours.sort((a, b) => a - b)
  f.medianHoursToCleared = quantile(hours, 0.5)
  f.p90HoursToCleared = quantile(hours, 0.9)
  return f
}
