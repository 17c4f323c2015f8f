// The queue gauges of /metrics: a few grouped queries at scrape time (registerMetrics caches the answer).
import { sql } from 'kysely'
import type { Db } from '../db/dialect'
import { overdueAt } from '../appeals/overdue'

const OPEN_STATUSES = ['queued', 'in_review', 'needs_info'] as const
const DECISION_EVENTS = { approved: 'approved', rejected: 'rejected', info_requested: 'needs_info' } as const

export interface QueueSnapshot {
  depth: { district: string; status: string; n: number }[]
  oldestQueuedAgeSeconds: number
  overdue: number
  decisionsLastHour: Record<string, number>
  leaseExpiries: number
  outbox: { pending: number; failed: number } | null
}

/** Does the table (and column) exist yet? Migrations from other features may not have run everywhere. */
async function hasColumn(db: Db, table: string, column?: string): Promise<boolean> {
  if (db.dialect === 'postgres') {
    const r = await sql<{ n: string | number }>`SELECT count(*) AS n FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ${column ? sql`AND column_name = ${column}` : sql``}`.execute(db.kysely)
    return Number(r.rows[0]?.n ?? 0) > 0
  }
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM pragma_table_info(${table}) ${column ? sql`WHERE name = ${column}` : sql``}`.execute(db.kysely)
  return Number(r.rows[0]?.n ?? 0) > 0
}

export async function queueSnapshot(db: Db, opts: { now?: Date; slaHours: number }): Promise<QueueSnapshot> {
  const now = opts.now ?? new Date()
  const nowIso = now.toISOString()
  const k = db.kysely
  const depthRows = await k
    .selectFrom('appeals')
    .select(['district', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('status', 'in', OPEN_STATUSES)
    .groupBy(['district', 'status'])
    .execute()
  const oldest: { t: string | null } | undefined = await k
    .selectFrom('appeals')
    .select((eb) => eb.fn.min('created_at').as('t'))
    .where('status', '=', 'queued')
    .executeTakeFirst()
  // the one definition of overdue (src/domain/sla.ts): the queue's 超时 filter counts the same rows
  const overdueRow: { n: string | number | bigint } | undefined = await db.kysely
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(overdueAt(nowIso))
    .executeTakeFirst()
  const events = await k
    .selectFrom('appeal_events')
    .select(['type', (eb) => eb.fn.countAll().as('n')])
    .where('type', 'in', Object.keys(DECISION_EVENTS))
    .where('at', '>=', new Date(now.getTime() - 3600_000).toISOString())
    .groupBy('type')
    .execute()
  const expiries = await k
    .selectFrom('appeal_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('type', '=', 'lease_expired')
    .executeTakeFirst()
  let outbox: QueueSnapshot['outbox'] = null
  if (await hasColumn(db, 'outbox', 'state')) {
    const rows = await k
      .selectFrom('outbox')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .where('state', 'in', ['pending', 'failed'])
      .groupBy('state')
      .execute()
    outbox = { pending: 0, failed: 0 }
    for (const r of rows) outbox[r.state as 'pending' | 'failed'] = Number(r.n)
  }
  const decisionsLastHour: Record<string, number> = Object.fromEntries(Object.values(DECISION_EVENTS).map((o) => [o, 0]))
  for (const e of events) decisionsLastHour[DECISION_EVENTS[e.type as keyof typeof DECISION_EVENTS]] = Number(e.n)
  return {
    depth: depthRows.map((r) => ({ district: r.district, status: r.status, n: Number(r.n) })),
    oldestQueuedAgeSeconds: oldest?.t ? Math.max(0, (now.getTime() - Date.parse(oldest.t)) / 1000) : 0,
    overdue: Number(overdueRow?.n ?? 0),
    decisionsLastHour,
    leaseExpiries: Number(expiries?.n ?? 0),
    outbox
  }
}
