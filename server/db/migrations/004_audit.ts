import type { Kysely } from 'kysely'
import { serialPrimaryKey, type DialectName } from '../dialect'

export const name = '004_audit'

/** Append-only trail of who opened or acted on an appeal (screenshots viewed, claims, decisions). */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pk = serialPrimaryKey(dialect)
  await db.schema
    .createTable('audit_log')
    .addColumn('id', pk.type, pk.build)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('appeal_id', 'text')
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('audit_log_appeal').on('audit_log').columns(['appeal_id', 'id']).execute()
}
