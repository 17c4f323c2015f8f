import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect'

export const name = '006_login_throttle'

/**
 * Reviewer-login throttle counters (server/auth/throttle.ts): one row per account and per (account, address),
 * keyed by HMACs only. A login reserves an attempt here, in one transaction, before any password work, so
 * parallel guesses cannot all pass a check that is read before any of them is written.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_throttle_window').on('login_throttle').column('window_start').execute()
}
