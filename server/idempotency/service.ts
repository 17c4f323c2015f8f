// Idempotency-Key: the first result of (principal, route, key) is stored in the same transaction as the work,
// so a retry — even one racing the first request — gets that result back and never does the work twice.
//
// How a concurrent duplicate behaves:
//   PostgreSQL: its INSERT of the key blocks on the primary key until the first transaction ends; then it fails
//               with a unique violation (first committed → we return the stored result) or goes ahead (first
//               rolled back → this one does the work).
//   SQLite:     transactions run one after another (BEGIN IMMEDIATE), so the duplicate finds the stored row.
//
// What is stored: the table is plaintext and outlives a citizen's deletion for up to a day, so it never holds
// personal data. A route whose answer carries any (an appeal view: name, ID number, phone, statement) stores a
// reference through its Replay (server/idempotency/replay.ts) and renders the answer again at replay time.
// Keys expire IDEMPOTENCY_TTL_HOURS after the first request: the sweep deletes them (expireIdempotencyKeys),
// and a request meeting an expired key that the sweep has not reached yet treats it as absent.
import type { Kysely } from 'kysely'
import type { Db } from '../db/dialect'
import type { Database } from '../db/schema'
import { AppError } from '../errors'

export interface IdempotencyKey {
  principalId: string
  route: string
  key: string
}

export interface Stored<T> {
  status: number
  body: T
  replayed: boolean
}

export const IDEMPOTENCY_TTL_HOURS = 24

/** How a result is kept for replay, and given back. */
export interface Replay<T> {
  /** what goes into idempotency_keys.body (as JSON): enough to answer again, and no personal data */
  save(body: T): unknown
  /** the answer again, from what save() kept; runs on the replaying request's connection or transaction */
  load(db: Kysely<Database>, saved: unknown): Promise<T>
}

/** For answers that carry no personal data (ids, counts): stored as they are. */
export const STORE_AS_IS: Replay<any> = { save: (body) => body, load: async (_db, saved) => saved }

function expiredBefore(now: Date): string {
  return new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000).toISOString()
}

/** The sweep: keys older than IDEMPOTENCY_TTL_HOURS are gone, with what they stored. */
export async function expireIdempotencyKeys(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', expiredBefore(now)).executeTakeFirst()
  return Number(r.numDeletedRows)
}

const KEY_RE = /^[\x21-\x7e]{1,128}$/

/** The header's value, validated; null when absent. */
export function idempotencyKeyFrom(header: unknown, principalId: string, route: string): IdempotencyKey | null {
  if (header === undefined) return null
  if (typeof header !== 'string' || !KEY_RE.test(header)) {
    throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key 格式不正确', field: 'Idempotency-Key' })
  }
  return { principalId, route, key: header }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message))
}

async function findStored<T>(db: Kysely<Database>, k: IdempotencyKey, replay: Replay<T>, now: Date): Promise<Stored<T> | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['status_code', 'body'])
    .where('principal_id', '=', k.principalId)
    .where('route', '=', k.route)
    .where('key', '=', k.key)
    .where('created_at', '>=', expiredBefore(now))
    .executeTakeFirst()
  if (!row) return null
  if (row.status_code === null || row.body === null) throw new AppError('IDEMPOTENCY_CONFLICT')
  return { status: row.status_code, body: await replay.load(db, JSON.parse(row.body)), replayed: true }
}

/**
 * Runs `work` in one transaction. With a key, the result is stored beside the work, and a repeat returns it.
 * Failures (thrown errors) are not stored: the transaction rolls back, key included, and a retry runs afresh.
 */
export async function idempotent<T>(
  db: Db,
  key: IdempotencyKey | null,
  status: number,
  work: (trx: Kysely<Database>) => Promise<T>,
  replay: Replay<T> = STORE_AS_IS
): Promise<Stored<T>> {
  if (!key) {
    const body = await db.kysely.transaction().execute(work)
    return { status, body, replayed: false }
  }
  const now = new Date()
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      // an expired key the sweep has not reached yet is no key: this request runs afresh in its place
      await trx
        .deleteFrom('idempotency_keys')
        .where('principal_id', '=', key.principalId)
        .where('route', '=', key.route)
        .where('key', '=', key.key)
        .where('created_at', '<', expiredBefore(now))
        .execute()
      const stored = await findStored(trx, key, replay, now)
      if (stored) return stored
      await trx
        .insertInto('idempotency_keys')
        .values({ principal_id: key.principalId, route: key.route, key: key.key, status_code: null, body: null, created_at: now.toISOString() })
        .execute()
      const body = await work(trx)
      await trx
        .updateTable('idempotency_keys')
        .set({ status_code: status, body: JSON.stringify(replay.save(body)) })
        .where('principal_id', '=', key.principalId)
        .where('route', '=', key.route)
        .where('key', '=', key.key)
        .execute()
      return { status, body, replayed: false }
    })
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const stored = await findStored(db.kysely, key, replay, now)
    if (!stored) throw new AppError('IDEMPOTENCY_CONFLICT')
    return stored
  }
}
