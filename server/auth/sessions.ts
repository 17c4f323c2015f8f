// Bearer sessions: the token (32 random bytes) is given to the client once and stored only as its SHA-256.
// A session ends at its absolute expiry (expires_at), after an idle period without requests (last_seen_at,
// refreshed at most once a minute), on logout, or when its reviewer account is disabled.
// Between touches a look-up is answered from memory (session-cache.ts), dropped when any process ends the session.
import type { Kysely } from 'kysely'
import type { TokenResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { sessionCacheOf } from './session-cache'
import { newToken, sha256Hex } from './tokens'

export type SessionKind = 'citizen' | 'reviewer'

/** last_seen_at is written at most this often per session */
export const TOUCH_INTERVAL_MS = 60_000

export async function createSession(
  db: Kysely<Database>,
  kind: SessionKind,
  subjectId: string,
  ttlHours: number
): Promise<TokenResponse> {
  const token = newToken()
  const now = new Date()
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString()
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), kind, subject_id: subjectId, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() })
    .execute()
  return { token, expiresAt }
}

export type IdleLimits = Pick<Config, 'sessionIdleMinutes' | 'reviewerSessionIdleMinutes'>

export async function findSession(
  db: Kysely<Database>,
  token: string,
  idle: IdleLimits = { sessionIdleMinutes: 14 * 24 * 60, reviewerSessionIdleMinutes: 30 }
): Promise<{ kind: SessionKind; subjectId: string } | null> {
  const now = Date.now()
  const hash = sha256Hex(token)
  const cache = sessionCacheOf(db)
  const hit = await cache?.get(hash, now, TOUCH_INTERVAL_MS)
  if (hit) return { kind: hit.kind, subjectId: hit.subjectId }
  const loading = cache?.begin(hash)
  try {
    const row = await db
      .selectFrom('sessions')
      .select(['kind', 'subject_id', 'created_at', 'last_seen_at', 'expires_at'])
      .where('token_hash', '=', hash)
      .where('expires_at', '>', new Date(now).toISOString())
      .executeTakeFirst()
    if (!row) return null
    const lastSeen = Date.parse(row.last_seen_at ?? row.created_at)
    const idleMs = (row.kind === 'reviewer' ? idle.reviewerSessionIdleMinutes : idle.sessionIdleMinutes) * 60_000
    if (now - lastSeen > idleMs) {
      await db.deleteFrom('sessions').where('token_hash', '=', hash).execute()
      return null
    }
    let seen = lastSeen
    if (now - lastSeen > TOUCH_INTERVAL_MS) {
      await db.updateTable('sessions').set({ last_seen_at: new Date(now).toISOString() }).where('token_hash', '=', hash).execute()
      seen = now
    }
    if (cache && loading) cache.remember(hash, loading, { kind: row.kind, subjectId: row.subject_id, expiresAt: Date.parse(row.expires_at), lastSeen: seen })
    return { kind: row.kind, subjectId: row.subject_id }
  } finally {
    // no session found, or the read failed: the look-up must not stay behind (remember() already removed it)
    if (cache && loading) cache.abandon(hash, loading)
  }
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute()
}

/** Ends every session of a subject (a disabled reviewer). */
export async function deleteSessionsOf(db: Kysely<Database>, kind: SessionKind, subjectId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('kind', '=', kind).where('subject_id', '=', subjectId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Drops sessions past their absolute expiry (the retention sweep). */
export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst()
  return Number(r.numDeletedRows)
}
