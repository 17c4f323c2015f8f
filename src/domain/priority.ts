// The queue's ordering rule, in one place. The server stores `queuePriority(...).tier` in an indexed
// integer column and orders by (tier, submitted, id); `compareQueue` is the same rule as a comparator.
import type { NeedBy, NeedByReason } from '../../types/appeal'
import { beijingDayStartMs } from './dates'
import { DEFAULT_POLICY, QUEUE_SORT_KEY } from './policy'

/** A need-by date counts as close when the Beijing day it names starts within this many hours. */
export const NEED_BY_CLOSE_HOURS = DEFAULT_POLICY.needByCloseHours

/** The need-by as stored in two nullable columns (date, reason): both present, or none. */
export function needByOf(row: { need_by_date: string | null; need_by_reason: string | null }): NeedBy | null {
  // the reason column is written only from the checked request (NEED_BY_REASONS), so it is read back as one
  return row.need_by_date && row.need_by_reason ? { date: row.need_by_date, reason: row.need_by_reason as NeedByReason } : null
}

export const TIERS = {
  /** turned away at a test site, or a need-by date (train, flight, exam, hospital, work) that is close */
  urgent: 0,
  /** the citizen urged (催办) */
  urged: 1,
  /** everything else: oldest first */
  normal: 2
} as const

export interface PriorityInput {
  blockedFromTesting: boolean
  needBy: NeedBy | null
  urgedAt: string | null
}

export interface Priority {
  /** lower comes first */
  tier: number
  /** ISO instant at which the tier will change by itself (a need-by date comes close), else null */
  recheckAt: string | null
}

const HOUR = 3600_000

/** Start of a Beijing calendar day (YYYY-MM-DD) as epoch milliseconds; NaN unless it is a real day (dates.ts). */
export function beijingDayStart(date: string): number {
  return beijingDayStartMs(date)
}

/**
 * The priority rule:
 *   1. blocked from testing, or a need-by date that is close (or already passed) — tier 0;
 *   2. urged — tier 1;
 *   3. the rest — tier 2;
 * and within a tier, the oldest submission first (then id, for a total order).
 */
export function queuePriority(input: PriorityInput, now: Date): Priority {
  let recheckAt: string | null = null
  let needByClose = false
  if (input.needBy) {
    const start = beijingDayStart(input.needBy.date)
    if (Number.isFinite(start)) {
      const closeFrom = start - NEED_BY_CLOSE_HOURS * HOUR
      if (now.getTime() >= closeFrom) needByClose = true
      else recheckAt = new Date(closeFrom).toISOString()
    }
  }
  if (input.blockedFromTesting || needByClose) return { tier: TIERS.urgent, recheckAt: null }
  return { tier: input.urgedAt ? TIERS.urged : TIERS.normal, recheckAt }
}

export interface QueueKey {
  tier: number
  createdAt: string
  id: string
}

/** A queue entry's values in QUEUE_SORT_KEY order (src/domain/policy.ts): tier, submitted, id. */
export type SortKey = readonly [priority: number, createdAt: string, id: string]

/** Lexicographic order over QUEUE_SORT_KEY: the server's ORDER BY priority, created_at, id, as a comparator. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < QUEUE_SORT_KEY.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  }
  return 0
}

export function compareQueue(a: QueueKey, b: QueueKey): number {
  return compareSortKeys([a.tier, a.createdAt, a.id], [b.tier, b.createdAt, b.id])
}

/** What the priority rule reads from a stored appeal. */
export interface StoredPriorityFields {
  blocked_from_testing: number | boolean
  need_by_date: string | null
  need_by_reason: string | null
  urged_at: string | null
}

/** The priority of a stored appeal, optionally as if urged at `urgedAt`. */
export function storedPriority(row: StoredPriorityFields, now: Date, urgedAt: string | null = row.urged_at): Priority {
  return queuePriority({ blockedFromTesting: Boolean(row.blocked_from_testing), needBy: needByOf(row), urgedAt }, now)
}
