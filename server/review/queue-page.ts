// The review queue page: counts per status, filters, and keyset pages in the queue's sort order
// (src/domain/policy.ts QUEUE_SORT_KEY, as SQL in server/appeals/queue-order.ts) — never OFFSET.
import type { Kysely } from 'kysely'
import { APPEAL_STATUSES } from '../../types/appeal'
import type { QueueQuery, QueueResponse } from '../../types/api'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { flagsOf, linksOf, toSummary } from '../appeals/view'
import { notOverdueAt, overdueAt } from '../appeals/overdue'
import { AGE_SORT_KEY, afterKey, inQueueOrder } from '../appeals/queue-order'
import { QUEUE_SORT_KEY } from '../../src/domain/policy'
import { inMyDistricts } from '../auth/scope'
import { expireLeases } from './common'

export const QUEUE_LIMIT = 50
export const QUEUE_MAX_LIMIT = 200

interface Cursor {
  p?: number
  c: string
  i: string
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (typeof c.c !== 'string' || typeof c.i !== 'string' || (c.p !== undefined && typeof c.p !== 'number')) throw new Error('shape')
    return c
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: '分页参数不正确', field: 'cursor' })
  }
}

/**
 * One page of the queue. Ordered by the priority rule (priority, created_at, id) or by age (created_at, id);
 * paged by keyset (the cursor holds the last row's sort key) — never OFFSET.
 */
export async function queue(db: Kysely<Database>, reviewer: ReviewerPrincipal, q: QueueQuery): Promise<QueueResponse> {
  const now = new Date()
  const nowIso = now.toISOString()
  await db.transaction().execute((trx) => expireLeases(trx, now))
  const grouped = await db
    .selectFrom('appeals')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .where(inMyDistricts(reviewer))
    .groupBy('status')
    .execute()
  const counts: Record<string, number> = Object.fromEntries(APPEAL_STATUSES.map((s) => [s, 0]))
  for (const g of grouped) counts[g.status] = Number(g.n)
  const overdueCount = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(overdueAt(nowIso))
    .where(inMyDistricts(reviewer))
    .executeTakeFirstOrThrow()
  counts.overdue = Number(overdueCount.n)

  const status = q.status ?? 'queued'
  const sort = q.sort ?? 'priority'
  const limit = Math.min(q.limit ?? QUEUE_LIMIT, QUEUE_MAX_LIMIT)
  const cursor = q.cursor ? decodeCursor(q.cursor) : null
  let query = db.selectFrom('appeals').selectAll().where('status', '=', status).where(inMyDistricts(reviewer))
  if (q.district) query = query.where('district', '=', q.district)
  if (q.category) query = query.where('category', '=', q.category)
  if (q.overdue === true) query = query.where(overdueAt(nowIso))
  if (q.overdue === false) query = query.where(notOverdueAt(nowIso))
  if (q.flag === 'blocked') query = query.where('blocked_from_testing', '=', 1)
  if (q.flag === 'need_by') query = query.where('need_by_date', 'is not', null)
  if (q.flag === 'urged') query = query.where('urged_at', 'is not', null)
  if (q.flag === 'mismatch') query = query.where('shot_mismatch', '=', 1)
  if (q.flag === 'reused') query = query.where((eb) => eb.exists(eb.selectFrom('appeal_links').select('appeal_id').whereRef('appeal_links.appeal_id', '=', 'appeals.id')))
  const key = sort === 'priority' ? QUEUE_SORT_KEY : AGE_SORT_KEY
  if (cursor) query = query.where(afterKey(key, sort === 'priority' ? [cursor.p ?? 0, cursor.c, cursor.i] : [cursor.c, cursor.i]))
  const rows = await inQueueOrder(query, key).limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last ? encodeCursor({ ...(sort === 'priority' ? { p: last.priority } : {}), c: last.created_at, i: last.id }) : null
  const links = await linksOf(db, page.map((r) => r.id))
  return {
    counts,
    items: page.map((r) => ({ ...toSummary(r, now), flags: flagsOf(r, links.get(r.id) ?? [], now) })),
    nextCursor
  }
}
