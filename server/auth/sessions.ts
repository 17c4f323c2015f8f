import type { Kysely } from 'kysely'
import type { TokenResponse } from '../../types/api'
import type { Database } from '../db/schema'
import { newToken, sha256Hex } from './tokens'

export type SessionKind = 'citizen' | 'reviewer'

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
    .values({ token_hash: sha256Hex(token), kind, subject_id: subjectId, created_at: now.toISOString(), expires_at: expiresAt })
    .execute()
  return { token, expiresAt }
}

export async function findSession(
  db: Kysely<Database>,
  token: string
): Promise<{ kind: SessionKind; subjectId: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['kind', 'subject_id'])
    .where('token_hash', '=', sha256Hex(token))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst()
  return row ? { kind: row.kind, subjectId: row.subject_id } : null
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute()
}
