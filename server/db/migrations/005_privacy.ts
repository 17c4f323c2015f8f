// Issue 6 (privacy and security): encrypted identity, keyed lookup hashes, retention markers, idle sessions,
// disabled reviewers, login throttling data, and an append-only audit_log.
//
// The applicant columns keep their names and now hold ciphertext (`v1:<kid>:…`, server/crypto/keyring.ts);
// the ID number's keyed hash goes into applicant_id_hmac (indexed) for matching earlier appeals. The raw
// WeChat openid is encrypted the same way and wechat_openid_hash becomes a keyed HMAC of the openid.
import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect'

export const name = '005_privacy'

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('appeals').addColumn('applicant_id_hmac', 'text').execute()
  await db.schema.alterTable('appeals').addColumn('evidence_purged_at', 'text').execute()
  await db.schema.alterTable('appeals').addColumn('anonymised_at', 'text').execute()
  await db.schema.createIndex('appeals_applicant_hmac').on('appeals').columns(['applicant_id_hmac', 'created_at']).execute()

  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute()
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute()
  await db.schema.alterTable('reviewers').addColumn('disabled_at', 'text').execute()

  await db.schema.alterTable('audit_log').addColumn('subject_hmac', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('ip_hmac', 'text').execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute()
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['action', 'subject_hmac', 'at']).execute()
  await db.schema.createIndex('audit_log_ip').on('audit_log').columns(['action', 'ip_hmac', 'at']).execute()

  // append-only: no UPDATE ever; on PostgreSQL a DELETE only from the retention purge, which sets
  // popup_appeal.audit_purge for its transaction (server/audit/service.ts purgeAuditLog)
  if (dialect === 'postgres') {
    await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('popup_appeal.audit_purge', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$ LANGUAGE plpgsql`.execute(db)
    await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db)
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
  }
  // existing plaintext rows are converted by encryptLegacyRows (server/crypto/convert.ts), which buildApp
  // runs after migrating, once the keyring is loaded
}
