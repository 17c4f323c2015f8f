// Operator accounts: machine clients of the health-code operator. The API key (32 random bytes) is shown once
// by `npm run operator:add` and stored only as its SHA-256, like session tokens; disabling revokes it at once.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, OperatorRow } from '../db/schema'
import { sha256Hex } from '../auth/tokens'
import { newSigningSecret, sealSecret } from './signing'

/** `op_` + 43 base64url characters: recognisable in a config file or a leak scan; fits the bearer token shape. */
export function newOperatorKey(): string {
  return 'op_' + randomBytes(32).toString('base64url')
}

export const OPERATOR_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/

export interface CreatedOperator {
  id: string
  name: string
  /** shown once, never stored */
  key: string
  /** HMAC secret of webhook deliveries and batch manifests (server/corrections/signing.ts); shown once, stored sealed */
  signingSecret: string
}

export async function createOperator(db: Kysely<Database>, input: { name: string; webhookUrl?: string | null }): Promise<CreatedOperator> {
  const name = input.name.trim()
  if (!OPERATOR_NAME_PATTERN.test(name)) throw new Error(`运营方名称只能包含字母、数字、._- (1–64 个) / name must match ${OPERATOR_NAME_PATTERN}`)
  const existing = await db.selectFrom('operators').select('id').where('name', '=', name).executeTakeFirst()
  if (existing) throw new Error(`已有同名运营方 / an operator named ${name} exists`)
  const key = newOperatorKey()
  const signingSecret = newSigningSecret()
  const id = randomUUID()
  await db
    .insertInto('operators')
    .values({
      id,
      name,
      key_hash: sha256Hex(key),
      webhook_url: input.webhookUrl ?? null,
      signing_secret: sealSecret(signingSecret),
      disabled_at: null,
      created_at: new Date().toISOString()
    })
    .execute()
  return { id, name, key, signingSecret }
}

/** Revokes the operator's key; null when there is no such operator. Idempotent: a second call keeps the first time. */
export async function disableOperator(db: Kysely<Database>, name: string): Promise<OperatorRow | null> {
  const row = await db.selectFrom('operators').selectAll().where('name', '=', name.trim()).executeTakeFirst()
  if (!row) return null
  if (row.disabled_at) return row
  return db
    .updateTable('operators')
    .set({ disabled_at: new Date().toISOString() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
