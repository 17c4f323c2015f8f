// Reviewer-login throttle (docs/security.md "Login throttling").
//
// Two counters, both in login_throttle and keyed by HMACs only (never the name or the address):
//   - per (account, address): LOGIN_MAX_FAILURES attempts per window. One client guessing one account.
//   - per account: 4× that, from every address the account has never logged in from successfully (within
//     KNOWN_ADDRESS_DAYS). Caps guessing spread over many addresses, while an attacker who floods it cannot
//     lock the owner out of the places where they normally sign in.
// There is deliberately no per-address counter: behind one office NAT (or a misconfigured proxy) it let one
// person's typos, or one attacker, lock out every reviewer of that office.
//
// An attempt is reserved before the password is checked, in one transaction of upserts (SQLite: BEGIN
// IMMEDIATE; PostgreSQL: the row lock ON CONFLICT DO UPDATE takes is held until commit), so parallel guesses
// queue on the counter row instead of all reading "below the limit". Over the limit, the transaction rolls
// back and nothing is counted. A correct password releases its reservation afterwards.
//
// Unknown user names are counted exactly like real ones (a different answer would tell which names exist);
// their rows, like every row, are deleted after their window has passed (a few per attempt, pruneExpired),
// so made-up names cost nothing lasting and can never pre-lock an account created later.
import { sql, type Kysely } from 'kysely'
import type { Config } from '../config'
import type { Database } from '../db/schema'

/** How much wider the per-account counter is than the per-(account, address) one. */
export const ACCOUNT_FACTOR = 4
/** A successful login from an address within this many days exempts it from the per-account counter. */
export const KNOWN_ADDRESS_DAYS = 30

export interface Reservation {
  /** the counters this attempt was counted in, with the window it was counted in */
  held: { key: string; windowStart: string }[]
}

export class LoginThrottled extends Error {
  constructor(
    readonly scope: 'account' | 'account_address',
    readonly retryAfterSeconds: number
  ) {
    super(`login throttled (${scope})`)
  }
}

/** Has this account logged in successfully from this address recently? (the audit trail knows) */
async function knownAddress(db: Kysely<Database>, subjectHmac: string, ipHmac: string, now: number): Promise<boolean> {
  const since = new Date(now - KNOWN_ADDRESS_DAYS * 24 * 3600_000).toISOString()
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'login_success')
    .where('ip_hmac', '=', ipHmac)
    .where('subject_hmac', '=', subjectHmac)
    .where('at', '>', since)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Rows pruned per attempt: more than the two an attempt can create, so the table stays near one window's traffic. */
export const PRUNE_BATCH = 10

/**
 * Deletes rows whose window has passed (they say nothing any more). One row per statement on purpose: on
 * PostgreSQL a bulk DELETE could hold one expired row that a reserving transaction needs while it waits for
 * another that transaction holds (a deadlock); a single-row DELETE holds nothing while it waits.
 */
async function pruneExpired(db: Kysely<Database>, cutoff: string): Promise<void> {
  const stale = await db.selectFrom('login_throttle').select('key').where('window_start', '<=', cutoff).limit(PRUNE_BATCH).execute()
  for (const { key } of stale) {
    await db.deleteFrom('login_throttle').where('key', '=', key).where('window_start', '<=', cutoff).execute()
  }
}

/**
 * Counts one attempt against the account's counters, or throws LoginThrottled (nothing counted).
 * Call before any password work; call releaseLoginAttempt when the password turned out to be right.
 */
export async function reserveLoginAttempt(
  db: Kysely<Database>,
  config: Pick<Config, 'loginMaxFailures' | 'loginWindowMinutes'>,
  subjectHmac: string,
  ipHmac: string,
  now = Date.now()
): Promise<Reservation> {
  const windowMs = config.loginWindowMinutes * 60_000
  const nowIso = new Date(now).toISOString()
  const cutoff = new Date(now - windowMs).toISOString()
  await pruneExpired(db, cutoff)

  const counters: { key: string; limit: number; scope: LoginThrottled['scope'] }[] = []
  // account first, then the pair: every transaction takes the row locks in the same order, so none deadlock
  if (!(await knownAddress(db, subjectHmac, ipHmac, now))) {
    counters.push({ key: `a:${subjectHmac}`, limit: config.loginMaxFailures * ACCOUNT_FACTOR, scope: 'account' })
  }
  counters.push({ key: `p:${subjectHmac}:${ipHmac}`, limit: config.loginMaxFailures, scope: 'account_address' })

  return db
    .transaction()
    .execute(async (trx) => {
      const held: Reservation['held'] = []
      for (const c of counters) {
        const expired = sql<boolean>`login_throttle.window_start <= ${cutoff}`
        const row = await trx
          .insertInto('login_throttle')
          .values({ key: c.key, window_start: nowIso, attempts: 1 })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              window_start: sql<string>`CASE WHEN ${expired} THEN ${nowIso} ELSE login_throttle.window_start END`,
              attempts: sql<number>`CASE WHEN ${expired} THEN 1 ELSE login_throttle.attempts + 1 END`
            })
          )
          .returning(['attempts', 'window_start'])
          .executeTakeFirstOrThrow()
        if (Number(row.attempts) > c.limit) {
          const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(row.window_start) + windowMs - now) / 1000))
          // rolls the transaction back: a refused attempt reserves nothing
          throw new LoginThrottled(c.scope, retryAfterSeconds)
        }
        held.push({ key: c.key, windowStart: row.window_start })
      }
      return { held }
    })
}

/** A correct password: the attempt was not a guess, so it no longer counts. */
export async function releaseLoginAttempt(db: Kysely<Database>, reservation: Reservation): Promise<void> {
  for (const h of reservation.held) {
    await db
      .updateTable('login_throttle')
      .set({ attempts: sql<number>`attempts - 1` })
      .where('key', '=', h.key)
      // a later window is a different count: leave it alone
      .where('window_start', '=', h.windowStart)
      .where('attempts', '>', 0)
      .execute()
  }
}
