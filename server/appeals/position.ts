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
import { compareSortKeys, type SortKey } from '../../src/domain/priority'
import { inQueueOrder } from './queue-order'

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

export async function queueInfo(db: Kysely<Database>, row: AppealRow, now: Date, snapshotMs = 0): Promise<QueueInfo> {
  const [position, rate] =
    snapshotMs > 0 && !db.isTransaction
      ? await snapshotOf(db, row.district, now, snapshotMs).then((s) => [aheadIn(s.keys, row), s.rate] as const)
      : await Promise.all([positionOf(db, row), decisionRate(db, row.district, now)])
  return { position, etaMinutes: rate === null ? null : Math.ceil((position + 1) / rate) }
}

// ---- per-district snapshot (QUEUE_SNAPSHOT_MS) ----
// During a wave every waiting citizen polls; counting "ahead" per poll is O(position) rows and two rate
// counts. Instead each process keeps, per district, the queue's sort keys in priority order and the decision
// rate, reloaded lazily when older than QUEUE_SNAPSHOT_MS (one index range read of the district's queue,
// shared by every poll in that window); a poll's position is a binary search. A citizen sees their position
// at most QUEUE_SNAPSHOT_MS behind the truth. Inside a transaction (after the citizen's own write) the exact
// counts above are used.
type Key = SortKey
interface Snapshot {
  at: number
  keys: Key[]
  rate: number | null
}
const snapshots = new WeakMap<Kysely<Database>, Map<string, { snap?: Snapshot; loading?: Promise<Snapshot> }>>()

function before(a: Key, p: number, c: string, id: string): boolean {
  return compareSortKeys(a, [p, c, id]) < 0
}

/** How many keys sort before the row: the same rule as aheadQueries, by binary search. */
export function aheadIn(keys: readonly Key[], row: Pick<AppealRow, 'priority' | 'created_at' | 'id'>): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(keys[mid], row.priority, row.created_at, row.id)) lo = mid + 1
    else hi = mid
  }
  return lo
}

async function loadSnapshot(db: Kysely<Database>, district: string, now: Date): Promise<Snapshot> {
  const at = Date.now()
  const [rows, rate] = await Promise.all([
    inQueueOrder(db.selectFrom('appeals').select(['priority', 'created_at', 'id']).where('status', '=', 'queued').where('district', '=', district)).execute(),
    decisionRate(db, district, now)
  ])
  const keys = rows.map((r) => [Number(r.priority), r.created_at, r.id] as const)
  // the database's order is authoritative for the query; keep JS order identical for the binary search
  keys.sort(compareSortKeys)
  return { at, keys, rate }
}

async function snapshotOf(db: Kysely<Database>, district: string, now: Date, maxAgeMs: number): Promise<Snapshot> {
  let byDistrict = snapshots.get(db)
  if (!byDistrict) snapshots.set(db, (byDistrict = new Map()))
  let slot = byDistrict.get(district)
  if (!slot) byDistrict.set(district, (slot = {}))
  if (slot.snap && Date.now() - slot.snap.at < maxAgeMs) return slot.snap
  if (!slot.loading) {
    const s = slot
    s.loading = loadSnapshot(db, district, now).then(
      (snap) => {
        s.snap = snap
        s.loading = undefined
        return snap
      },
      (err) => {
        s.loading = undefined
        throw err
      }
    )
  }
  return slot.loading!
}
