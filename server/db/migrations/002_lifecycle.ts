// Issue 3: lifecycle fields, queue priority and SLA, perceptual hashes and reuse links,
// idempotency keys, the notification outbox, and the WeChat openid needed to send to it.
import { sql, type Kysely } from 'kysely'
import { serialPrimaryKey, type DialectName } from '../dialect'

export const name = '002_lifecycle'

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const add = (column: string, type: 'text' | 'integer', notNullDefault?: string | number) =>
    db.schema
      .alterTable('appeals')
      .addColumn(column, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
      .execute()
  await add('trigger_date', 'text')
  await add('blocked_from_testing', 'integer', 0)
  await add('need_by_date', 'text')
  await add('need_by_reason', 'text')
  /** queue tier from src/domain/priority.ts: lower comes first */
  await add('priority', 'integer', 2)
  /** when the tier must be recomputed (a need-by date comes close); null when it never changes by itself */
  await add('retier_at', 'text')
  await add('due_at', 'text', '')
  await add('urged_at', 'text')
  await add('withdraw_reason', 'text')
  await add('rating_score', 'integer')
  await add('rating_comment', 'text')
  await add('rated_at', 'text')
  await sql`UPDATE appeals SET due_at = created_at WHERE due_at = ''`.execute(db)

  // queue order (priority rule) per district; position = a range count on this index
  await db.schema.createIndex('appeals_queue_priority').on('appeals').columns(['status', 'district', 'priority', 'created_at', 'id']).execute()
  await db.schema.createIndex('appeals_queue_age').on('appeals').columns(['status', 'district', 'created_at', 'id']).execute()
  await db.schema.createIndex('appeals_due').on('appeals').columns(['status', 'due_at']).execute()
  await db.schema.createIndex('appeals_status_updated').on('appeals').columns(['status', 'updated_at']).execute()
  await db.schema.createIndex('appeals_retier').on('appeals').column('retier_at').execute()
  await db.schema.createIndex('appeals_decided').on('appeals').columns(['decided_at']).execute()
  await db.schema.createIndex('appeals_district_decided').on('appeals').columns(['district', 'decided_at']).execute()

  await db.schema.alterTable('uploads').addColumn('dhash', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('thumb_mime', 'text').execute()
  await db.schema.createIndex('uploads_sha256').on('uploads').column('sha256').execute()
  await db.schema.createIndex('uploads_orphans').on('uploads').columns(['appeal_id', 'created_at']).execute()
  // 64-bit dHash cut in 5 bands: two hashes within Hamming distance 4 share at least one band exactly
  await db.schema
    .createTable('upload_hash_bands')
    .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('band', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_hash_bands_pk', ['upload_id', 'band'])
    .execute()
  await db.schema.createIndex('upload_hash_bands_lookup').on('upload_hash_bands').columns(['band', 'value']).execute()

  await db.schema
    .createTable('appeal_links')
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('linked_appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('appeal_links_pk', ['appeal_id', 'linked_appeal_id'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal_id', 'route', 'key'])
    .execute()

  const pk = serialPrimaryKey(dialect)
  await db.schema
    .createTable('outbox')
    .addColumn('id', pk.type, pk.build)
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // pending | sent | skipped | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute()
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute()

  // PRIVACY (see the privacy issue): the raw openid is stored because subscribe messages are addressed
  // to it. It should be encrypted at rest (or moved to a separate store) before production.
  await db.schema.alterTable('citizens').addColumn('wechat_openid', 'text').execute()
}
