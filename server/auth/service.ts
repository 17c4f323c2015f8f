import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ReviewerSessionResponse, TokenResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { loginFailures, recordAudit } from '../audit/service'
import { encryptField, F, lookupHmac, openidHmac } from '../crypto/keyring'
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords'
import { findReviewerByUsername, toProfile } from './reviewers'
import { createSession } from './sessions'
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
  const citizenId = await db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('citizens').select(['id']).where('wechat_openid_hash', '=', openidHash).executeTakeFirst()
    if (found) return found.id
    const id = randomUUID()
    await trx
      .insertInto('citizens')
      .values({ id, wechat_openid_hash: openidHash, wechat_openid: encryptField(openid, F.openid), created_at: new Date().toISOString() })
      .execute()
    return id
  })
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
 * Reviewer login. Throttled per account (LOGIN_MAX_FAILURES failures within LOGIN_WINDOW_MINUTES since its
 * last success) and per address (4× that) → 429 RATE_LIMITED with Retry-After. Unknown user, wrong password
 * and disabled account give the same answer after the same scrypt work. Every attempt is audited.
 */
export async function reviewerLogin(
  db: Kysely<Database>,
  config: Config,
  username: string,
  password: string,
  ip = 'unknown'
): Promise<ReviewerSessionResponse> {
  const now = Date.now()
  const windowMs = config.loginWindowMinutes * 60_000
  const subjectHmac = usernameHmac(username)
  const ipHmac = addressHmac(ip)
  const failures = await loginFailures(db, subjectHmac, ipHmac, new Date(now - windowMs).toISOString())
  const overAccount = failures.account >= config.loginMaxFailures
  const overAddress = failures.address >= config.loginMaxFailures * 4
  if (overAccount || overAddress) {
    const oldest = overAccount ? failures.accountOldest : failures.addressOldest
    const retryAfterSeconds = oldest ? (Date.parse(oldest) + windowMs - now) / 1000 : windowMs / 1000
    await recordAudit(db, { kind: 'anonymous', id: null }, 'login_throttled', null, overAccount ? 'account' : 'address', { subjectHmac, ipHmac })
    throw new AppError('RATE_LIMITED', { retryAfterSeconds })
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
  if (needsRehash(row.password_hash)) {
    await db.updateTable('reviewers').set({ password_hash: await hashPassword(password) }).where('id', '=', row.id).execute()
  }
  const session = await createSession(db, 'reviewer', row.id, config.reviewerSessionTtlHours)
  await recordAudit(db, { kind: 'reviewer', id: row.id }, 'login_success', null, null, { subjectHmac, ipHmac })
  return { ...session, reviewer: toProfile(row) }
}
