// GET /review/stats: backlog by district and status, decisions per hour, median time to decision and
// SLA compliance over a window [from, to), and the correction loop's figures (server/corrections/stats.ts). Index-backed: the backlog groups open statuses on
// appeals_queue_priority; decisions come from appeals_decided (decided_at) within the window.
import type { Kysely } from 'kysely'
import type { AppealStatus } from '../../types/appeal'
import type { StatsResponse } from '../../types/api'
import type { ReviewerPrincipal } from '../context'
import { districtsOf, inMyDistricts } from '../auth/scope'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { overdueAt } from '../appeals/overdue'
import { correctionFigures } from '../corrections/stats'
import { pushFigures } from '../corrections/push'

const OPEN: AppealStatus[] = ['queued', 'in_review', 'needs_info']
export const MAX_WINDOW_DAYS = 31
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10)
// an instant with its zone (…Z or ±hh:mm): the same check the route schemas make, for callers that skip them
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * The window [from, to) of every statistics call (stats, reviewer throughput, the CSV): to defaults to now,
 * from to a day before it; at most MAX_WINDOW_DAYS long, because each call reads every decision inside it.
 */
export function statsWindow(q: { from?: string; to?: string }, now = new Date()): { fromIso: string; toIso: string } {
  for (const field of ['from', 'to'] as const) {
    const v = q[field]
    if (v !== undefined && (!INSTANT_RE.test(v) || !Number.isFinite(Date.parse(v)))) {
      throw new AppError('VALIDATION_FAILED', { message: '统计时间格式不正确', field })
    }
  }
  const to = q.to ? new Date(q.to) : now
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3600_000)
  if (from >= to) throw new AppError('VALIDATION_FAILED', { message: '统计时间范围不正确：开始应早于结束', field: 'from' })
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 24 * 3600_000) {
    throw new AppError('VALIDATION_FAILED', { message: `统计时间范围不能超过 ${MAX_WINDOW_DAYS} 天`, field: 'from' })
  }
  return { fromIso: from.toISOString(), toIso: to.toISOString() }
}

/** CORRECTION_SLA_HOURS's default, for callers without the config at hand (the CSV export passes it) */
const DEFAULT_CORRECTION_SLA_HOURS = 24

export async function stats(
  db: Kysely<Database>,
  reviewer: ReviewerPrincipal,
  q: { from?: string; to?: string },
  opts: { correctionSlaHours?: number } = {}
): Promise<StatsResponse> {
  const now = new Date()
  const { fromIso, toIso } = statsWindow(q, now)

  const mine = inMyDistricts(reviewer)
  const backlogRows = await db
    .selectFrom('appeals')
    .select((eb) => ['district', 'status', eb.fn.countAll().as('n')])
    .where('status', 'in', OPEN)
    .where(mine)
    .groupBy(['district', 'status'])
    .execute()
  const decided = (await db
    .selectFrom('appeals')
    .select(['created_at', 'decided_at', 'due_at'])
    .where('decided_at', '>=', fromIso)
    .where('decided_at', '<', toIso)
    .where('decision_outcome', 'in', ['approved', 'rejected'])
    .where(mine)
    .execute()) as { created_at: string; decided_at: string; due_at: string }[]
  const overdueOpen = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(overdueAt(now.toISOString()))
    .where(mine)
    .executeTakeFirstOrThrow()

  // the correction loop in the same districts; the push backlog belongs to the operator channel, all districts
  const c = await correctionFigures(db, {
    fromIso,
    toIso,
    now,
    slaHours: opts.correctionSlaHours ?? DEFAULT_CORRECTION_SLA_HOURS,
    districts: districtsOf(reviewer)
  })
  const push = await pushFigures(db)

  const perHour = new Map<string, number>()
  const minutes: number[] = []
  let within = 0
  for (const d of decided) {
    const hour = d.decided_at.slice(0, 13) + ':00:00.000Z'
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1)
    minutes.push((Date.parse(d.decided_at) - Date.parse(d.created_at)) / 60_000)
    if (d.decided_at <= d.due_at) within++
  }
  minutes.sort((a, b) => a - b)
  const median =
    minutes.length === 0
      ? null
      : minutes.length % 2
        ? minutes[(minutes.length - 1) / 2]
        : (minutes[minutes.length / 2 - 1] + minutes[minutes.length / 2]) / 2
  return {
    from: fromIso,
    to: toIso,
    backlog: backlogRows
      .map((r) => ({ district: r.district, status: r.status as AppealStatus, count: Number(r.n) }))
      .sort((a, b) => a.district.localeCompare(b.district) || a.status.localeCompare(b.status)),
    decisionsPerHour: [...perHour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, count]) => ({ hour, count })),
    medianMinutesToDecision: median === null ? null : Math.round(median * 10) / 10,
    sla: { decided: decided.length, withinSla: within, compliance: decided.length ? within / decided.length : null, overdueOpen: Number(overdueOpen.n) },
    corrections: {
      waiting: c.waiting,
      handedOver: c.handedOver,
      overdue: c.overdue,
      slaHours: c.slaHours,
      cleared: c.cleared,
      notCleared: c.notCleared,
      medianHoursToCleared: round1(c.medianHoursToCleared),
      p90HoursToCleared: round1(c.p90HoursToCleared),
      pushBacklog: push.backlog
    }
  }
}
