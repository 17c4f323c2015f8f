// Issue 12, push mode: the delivery outbox of webhook operators. One row per (correction, operator), so a
// correction reaches each push operator once it succeeds, however many processes deliver; attempts, the
// next try (exponential backoff) and the last error live here, like the notification outbox (migration 002).
import type { Kysely } from 'kysely'
import { serialPrimaryKey, type DialectName } from '../dialect'

export const name = '009_correction_push'

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pk = serialPrimaryKey(dialect)
  await db.schema
    .createTable('correction_deliveries')
    .addColumn('id', pk.type, pk.build)
    .addColumn('correction_id', 'text', (c) => c.notNull().references('corrections.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    // pending | delivered | dropped (the correction was answered or superseded, or the webhook removed, first)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // failed attempts only: correction_push_failures_total sums it
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('correction_deliveries_once', ['correction_id', 'operator_id'])
    .execute()
  await db.schema.createIndex('correction_deliveries_due').on('correction_deliveries').columns(['state', 'next_attempt_at']).execute()
}
