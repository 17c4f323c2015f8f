// Issue 13, screenshots that read themselves. The uploads table is the reading queue: a new upload is
// 'pending' (when this server reads at all), an instance claims it by setting reading_locked_until (PostgreSQL:
// FOR UPDATE SKIP LOCKED, so several instances share the work; server/reading/jobs.ts) and stores the result
// on the same row. reading_fields is ciphertext like the applicant fields (keyring, context 'reading_fields').
// appeals.shot_mismatch caches "a reading disagrees with what was typed" for the reviewers' queue filter; it is
// written by an UPDATE of the appeal, so the version triggers of migration 010 bump its ETag as well.
import type { Kysely } from 'kysely'
import type { DialectName } from '../dialect'

export const name = '011_readings'

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  // uploads from before reading existed were never read: 'skipped'
  await db.schema.alterTable('uploads').addColumn('reading_status', 'text', (c) => c.notNull().defaultTo('skipped')).execute()
  await db.schema.alterTable('uploads').addColumn('reading_kind', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('reading_fields', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('reading_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('uploads').addColumn('reading_locked_until', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('read_at', 'text').execute()
  await db.schema.createIndex('uploads_reading_queue').on('uploads').columns(['reading_status', 'created_at']).execute()
  await db.schema.alterTable('appeals').addColumn('shot_mismatch', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}
