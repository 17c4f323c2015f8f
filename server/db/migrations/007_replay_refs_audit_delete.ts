// Issue 11 §5:
// 1. idempotency_keys.body held each answer as sent — for a decision the reviewer's full view (name, ID number,
//    phone), for a filing the statement — in plaintext, forever. Bodies now hold a reference to the appeal
//    (server/idempotency/replay.ts) and keys expire after 24 h (the sweep, by created_at). Rows from before:
//    those past 24 h go, the rest are rewritten to the reference form so a retry still replays.
// 2. SQLite's audit trail refused UPDATE but not DELETE. A DELETE now goes through only while the row of
//    audit_purge_guard that the retention purge writes inside its own transaction exists — the mirror of the
//    PostgreSQL trigger, which allows it only under the transaction-local popup_appeal.audit_purge setting
//    (migration 005). The guard row is deleted before that transaction commits, so no other connection ever
//    sees it; a trigger cannot read a TEMP table, hence an ordinary one.
import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect'

export const name = '007_replay_refs_audit_delete'

const TTL_MS = 24 * 3600_000

/** The stored reference as of this migration: { appealId, status, at } (at = the instant the answer was rendered). */
function refFromLegacyBody(body: string): string | null {
  try {
    const v = JSON.parse(body) as { id?: unknown; status?: unknown; updatedAt?: unknown }
    if (typeof v.id !== 'string' || typeof v.status !== 'string' || typeof v.updatedAt !== 'string') return null
    return JSON.stringify({ appealId: v.id, status: v.status, at: v.updatedAt })
  } catch {
    return null
  }
}

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute()
  await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(Date.now() - TTL_MS).toISOString()).execute()
  const rows: { principal_id: string; route: string; key: string; body: string }[] = await db
    .selectFrom('idempotency_keys')
    .select(['principal_id', 'route', 'key', 'body'])
    .where('body', 'is not', null)
    .execute()
  for (const r of rows) {
    const ref = refFromLegacyBody(r.body)
    const pk = (q: any) => q.where('principal_id', '=', r.principal_id).where('route', '=', r.route).where('key', '=', r.key)
    // a body that is not an appeal view cannot be replayed safely: the key goes, and a retry runs afresh
    if (ref) await pk(db.updateTable('idempotency_keys').set({ body: ref })).execute()
    else await pk(db.deleteFrom('idempotency_keys')).execute()
  }

  if (dialect === 'sqlite') {
    await db.schema.createTable('audit_purge_guard').addColumn('started_at', 'text', (c) => c.notNull()).execute()
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (SELECT 1 FROM audit_purge_guard)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
  }
}
