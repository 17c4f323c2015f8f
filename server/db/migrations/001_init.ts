import type { Kysely } from 'kysely'
import { serialPrimaryKey, type DialectName } from '../dialect'

export const name = '001_init'

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('citizens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wechat_openid_hash', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('reviewers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('districts', 'text', (c) => c.notNull())
    .addColumn('supervisor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_subject').on('sessions').columns(['kind', 'subject_id']).execute()

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tracking_no', 'text', (c) => c.notNull().unique())
    .addColumn('citizen_id', 'text', (c) => c.notNull().references('citizens.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('popup_shot', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_id_number', 'text', (c) => c.notNull())
    .addColumn('applicant_phone', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.references('reviewers.id'))
    .addColumn('lease_until', 'text')
    .addColumn('decision_outcome', 'text')
    .addColumn('decision_reason_code', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('reviewers.id'))
    .execute()
  await db.schema.createIndex('appeals_citizen').on('appeals').columns(['citizen_id', 'created_at']).execute()
  await db.schema.createIndex('appeals_queue').on('appeals').columns(['status', 'district', 'created_at']).execute()
  await db.schema.createIndex('appeals_holder').on('appeals').columns(['claimed_by', 'status']).execute()

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('citizens.id'))
    .addColumn('appeal_id', 'text', (c) => c.references('appeals.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('uploads_appeal').on('uploads').column('appeal_id').execute()

  await db.schema
    .createTable('appeal_tests')
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id'))
    .addColumn('sampled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('appeal_tests_pk', ['appeal_id', 'position'])
    .execute()

  const pk = serialPrimaryKey(dialect)
  await db.schema
    .createTable('appeal_events')
    .addColumn('id', pk.type, pk.build)
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text')
    .execute()
  await db.schema.createIndex('appeal_events_appeal').on('appeal_events').columns(['appeal_id', 'id']).execute()
}
