import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ReviewerSessionResponse, TokenResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { DUMMY_HASH, verifyPassword } from './passwords'
import { findReviewerByUsername, toProfile } from './reviewers'
import { createSession } from './sessions'
import { sha256Hex } from './tokens'
import { code2Session } from './wechat'

/** An anonymous citizen bound to this device's token. */
export async function deviceSession(db: Kysely<Database>, config: Config): Promise<TokenResponse> {
  const id = randomUUID()
  await db.insertInto('citizens').values({ id, wechat_openid_hash: null, wechat_openid: null, created_at: new Date().toISOString() }).execute()
  return createSession(db, 'citizen', id, config.sessionTtlHours)
}

export async function wechatSession(db: Kysely<Database>, config: Config, code: string): Promise<TokenResponse> {
  const { openid } = await code2Session(config, code)
  const openidHash = sha256Hex(`${config.wechatAppId}:${openid}`)
  const citizenId = await db.transaction().execute(async (trx) => {
    // PRIVACY: the raw openid is kept because subscribe messages are addressed to it (see the privacy issue:
    // encrypt at rest before production). The hash stays the lookup key.
    const found = await trx.selectFrom('citizens').select(['id', 'wechat_openid']).where('wechat_openid_hash', '=', openidHash).executeTakeFirst()
    if (found) {
      if (found.wechat_openid !== openid) await trx.updateTable('citizens').set({ wechat_openid: openid }).where('id', '=', found.id).execute()
      return found.id
    }
    const id = randomUUID()
    await trx.insertInto('citizens').values({ id, wechat_openid_hash: openidHash, wechat_openid: openid, created_at: new Date().toISOString() }).execute()
    return id
  })
  return createSession(db, 'citizen', citizenId, config.sessionTtlHours)
}

export async function reviewerLogin(
  db: Kysely<Database>,
  config: Config,
  username: string,
  password: string
): Promise<ReviewerSessionResponse> {
  const row = await findReviewerByUsername(db, username.trim())
  // verify even when the user is unknown so both failures take the same time
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
  if (!row || !ok) throw new AppError('BAD_CREDENTIALS')
  const session = await createSession(db, 'reviewer', row.id, config.reviewerSessionTtlHours)
  return { ...session, reviewer: toProfile(row) }
}
