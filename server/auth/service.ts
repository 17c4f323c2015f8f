import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ReviewerSessionResponse, TokenResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { recordAudit } from '../audit/service'
import { encryptField, F, lookupHmac, openidHmac } from '../crypto/keyring'
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords'
import { findReviewerByUsername, toProfile } from './reviewers'
import { createSession } from './sessions'
import { LoginThrottled, releaseLoginAttempt, reserveLoginAttempt, type Reservation } from './throttle'
import { code2Session } from './wechat'

/** An anonymous citizen bound to this device's token. */
export async function deviceSession(db: Kysely<Database>, config: Config): Promise<TokenResponse> {
  const id = randomUUID()
  await db.insertInto('citizens').values({ id, wechat_openid_hash: null, wechat_openid: null, created_at: new Date().toISOString() }).execute()
  return createSession(db, 'citizen', id, config.sessionTtlHours)
}

export async function wechatSession(db: Kysely<Database>, config: Config, code: string): Promise<TokenResponse> {
  const { openid } = await code2Session(config, code)
  // the lookup key is a keyed HMAC of the openid; the openid itself (needed to address subscribe messages)
  // is stored encrypted
  const openidHash = openidHmac(openid)
  const byHash = () => db.selectFrom('citizens').select(['id']).where('wechat_openid_hash', '=', openidHash).executeTakeFirst()
  let found = await byHash()
  if (!found) {
    // two first logins of one user can arrive together (a double tap, a retried wx.login): the unique index
    // decides which row is kept, the other insert does nothing, and both sessions go to the kept citizen
    await db
      .insertInto('citizens')
      .values({ id: randomUUID(), wechat_openid_hash: openidHash, wechat_openid: encryptField(openid, F.openid), created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('wechat_openid_hash').doNothing())
      .execute()
    found = await byHash()
    if (!found) throw new Error('citizen row missing right after its insert')
  }
  const citizenId = found.id
  return createSession(db, 'citizen', citizenId, config.sessionTtlHours)
}

/** The login name as the audit trail keeps it: a keyed hash, never the name (a typo may be a password). */
export function usernameHmac(username: string): string {
  return lookupHmac('reviewer_username', username.trim().toLowerCase())
}

export function addressHmac(ip: string): string {
  return lookupHmac('client_address', ip)
}

/**
 * Reviewer login. Throttled per (account, address) and per account (server/auth/throttle.ts) → 429
 * RATE_LIMITED with Retry-After; the attempt is reserved before the scrypt work, so parallel guesses cannot
 * all slip under the limit. Unknown user, wrong password and disabled account give the same answer after the
 * same scrypt work. Every attempt is audited. `ip` is request.ip: the client as TRUST_PROXY lets us see it.
 */
export async function reviewerLogin(
  db: Kysely<Database>,
  config: Config,
  username: string,
  password: string,
  ip = 'unknown'
): Promise<ReviewerSessionResponse> {
  const subjectHmac = usernameHmac(username)
  const ipHmac = addressHmac(ip)
  let reservation: Reservation
  try {
    reservation = await reserveLoginAttempt(db, config, subjectHmac, ipHmac)
  } catch (err) {
    if (!(err instanceof LoginThrottled)) throw err
    await recordAudit(db, { kind: 'anonymous', id: null }, 'login_throttled', null, err.scope, { subjectHmac, ipHmac })
    throw new AppError('RATE_LIMITED', { retryAfterSeconds: err.retryAfterSeconds })
  }
  const row = await findReviewerByUsername(db, username.trim())
  // verify even when the user is unknown (against a dummy hash with today's parameters) so failures take the same time
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
  if (!row || !ok || row.disabled_at) {
    await recordAudit(db, row ? { kind: 'reviewer', id: row.id } : { kind: 'anonymous', id: null }, 'login_failure', null, row?.disabled_at ? 'disabled' : null, {
      subjectHmac,
      ipHmac
    })
    throw new AppError('BAD_CREDENTIALS')
  }
  await releaseLoginAttempt(db, reservation)
  if (needsRehash(row.password_hash)) {
    await db.updateTable('reviewers').set({ password_hash: await hashPassword(password) }).where('id', '=', row.id).execute()
  }
  const session = await createSession(db, 'reviewer', row.id, config.reviewerSessionTtlHours)
  await recordAudit(db, { kind: 'reviewer', id: row.id }, 'login_success', null, null, { subjectHmac, ipHmac })
  return { ...session, reviewer: toProfile(row) }
}
