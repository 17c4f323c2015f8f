// The queue's ordering rule, in one place. The server stores `queuePriority(...).tier` in an indexed
// integer column and orders by (tier, submitted, id); `compareQueue` is the same rule as a comparator.
import type { NeedBy } from '../../types/appeal'
import { beijingDayStartMs } from './dates'

/** A need-by date counts as close when the Beijing day it names starts within this many hours. */
export const NEED_BY_CLOSE_HOURS = 48

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

/** The same order as the server's ORDER BY priority, created_at, id. */
export function compareQueue(a: QueueKey, b: QueueKey): number {
  if (a.tier !== b.tier) return a.tier - b.tier
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
