// Where a queued appeal stands: appeals ahead of it in its district under the priority rule
// (src/domain/priority.ts), and an ETA from the recent decision rate.
//
// Both are index range counts, never full scans (tests/api/queue.test.ts checks the plans):
//   ahead   → appeals_queue_priority (status, district, priority, created_at, id):
//             [queued, D, priority < p] + [queued, D, p, (created_at, id) < (c, i)]
//   rate    → appeals_district_decided (district, decided_at) over the last RATE_WINDOW_HOURS,
//             falling back to appeals_decided (decided_at) city-wide.
// Counting "ahead" costs O(position), which stays small for the appeals people actually look at.
import { sql, type Kysely } from 'kysely'
import type { QueueInfo } from '../../types/appeal'
import type { AppealRow, Database } from '../db/schema'

export const RATE_WINDOW_HOURS = 6

export function aheadQueries(db: Kysely<Database>, row: Pick<AppealRow, 'district' | 'priority' | 'created_at' | 'id'>) {
  const base = db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'queued')
    .where('district', '=', row.district)
  return [
    base.where('priority', '<', row.priority),
    base.where('priority', '=', row.priority).where(sql<boolean>`(created_at, id) < (${row.created_at}, ${row.id})`)
  ]
}

export async function positionOf(db: Kysely<Database>, row: Pick<AppealRow, 'district' | 'priority' | 'created_at' | 'id'>): Promise<number> {
  const counts = await Promise.all(aheadQueries(db, row).map((q) => q.executeTakeFirstOrThrow()))
  return counts.reduce((sum, c) => sum + Number(c.n), 0)
}

/** Decisions per minute over the recent window: the district's own, else city-wide; null without any. */
export async function decisionRate(db: Kysely<Database>, district: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - RATE_WINDOW_HOURS * 3600_000).toISOString()
  const local = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('district', '=', district)
    .where('decided_at', '>=', since)
    .executeTakeFirstOrThrow()
  let n = Number(local.n)
  if (n === 0) {
    const city = await db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).where('decided_at', '>=', since).executeTakeFirstOrThrow()
    n = Number(city.n)
  }
  return n > 0 ? n / (RATE_WINDOW_HOURS * 60) : null
}

export async function queueInfo(db: Kysely<Database>, row: AppealRow, now: Date): Promise<QueueInfo> {
  const [position, rate] = await Promise.all([positionOf(db, row), decisionRate(db, row.district, now)])
  return { position, etaMinutes: rate === null ? null : Math.ceil((position + 1) / rate) }
}
