// Issue 12, the end of the loop: operators (machine clients of the health-code operator, keyed like sessions:
// only the SHA-256 of a 256-bit key is kept) and corrections (one row per hand-over attempt of an approved
// appeal). appeals.still_popped_at marks an appeal the citizen reopened with 「弹窗还在」.
import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect'

export const name = '008_corrections'

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_url', 'text')
    // push deliveries and batch manifests are signed with it (server/corrections/signing.ts); sealed with the data keyring
    .addColumn('signing_secret', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    // waiting | handed_over | cleared | not_cleared | superseded (reopened before any ack: out of the feed)
    .addColumn('status', 'text', (c) => c.notNull())
    // the approval this attempt carries out: the feed's order (oldest decision first)
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', 'text')
    // the operator it was first handed to
    .addColumn('operator_id', 'text', (c) => c.references('operators.id'))
    .addColumn('acked_at', 'text')
    .addColumn('result', 'text')
    .addColumn('note', 'text')
    .addColumn('ack_operator_id', 'text', (c) => c.references('operators.id'))
    // a supervisor's answer to a not_cleared correction: retried | rejected | reassigned
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('reviewers.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('corrections_appeal_attempt', ['appeal_id', 'attempt'])
    .execute()
  // the feed: open corrections in decision order
  await db.schema.createIndex('corrections_feed').on('corrections').columns(['status', 'decided_at', 'id']).execute()
  // the supervisor's problem list and the dashboard's age metrics
  await db.schema.createIndex('corrections_status_acked').on('corrections').columns(['status', 'acked_at']).execute()

  await db.schema.alterTable('appeals').addColumn('still_popped_at', 'text').execute()
}
