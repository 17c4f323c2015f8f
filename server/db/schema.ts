// Table types for kysely. Timestamps are ISO-8601 UTC text (Date#toISOString), so the same queries
// compare and sort them on SQLite and PostgreSQL alike.
import type { Generated, Insertable, Selectable } from 'kysely'

export interface CitizensTable {
  id: string
  /** SHA-256 of appid + openid; null for anonymous device citizens. The raw openid is in wechat_openid (needed to send messages). */
  wechat_openid_hash: string | null
  /** the raw openid, needed to address subscribe messages (PRIVACY: to be encrypted, see the privacy issue) */
  wechat_openid: string | null
  created_at: string
}

export interface ReviewersTable {
  id: string
  username: string
  /** scrypt$N$r$p$salt$hash (base64url) */
  password_hash: string
  /** JSON array of district names */
  districts: string
  /** 0 or 1 */
  supervisor: number
  created_at: string
}

export interface SessionsTable {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored */
  token_hash: string
  kind: 'citizen' | 'reviewer'
  subject_id: string
  created_at: string
  expires_at: string
}

export interface UploadsTable {
  id: string
  owner_id: string
  appeal_id: string | null
  mime: string
  width: number
  height: number
  bytes: number
  /** SHA-256 (hex) of the bytes as uploaded */
  sha256: string
  /** 64-bit perceptual dHash, 16 hex characters */
  dhash: string | null
  /** content type of the stored thumbnail (<id>.thumb), null when none */
  thumb_mime: string | null
  created_at: string
}

export interface AppealsTable {
  id: string
  tracking_no: string
  citizen_id: string
  status: string
  category: string
  district: string
  popup_shot: string
  applicant_name: string
  applicant_id_number: string
  applicant_phone: string
  statement: string
  created_at: string
  updated_at: string
  claimed_by: string | null
  lease_until: string | null
  decision_outcome: string | null
  decision_reason_code: string | null
  decision_note: string | null
  decided_at: string | null
  decided_by: string | null
  trigger_date: string | null
  blocked_from_testing: number
  need_by_date: string | null
  need_by_reason: string | null
  priority: number
  retier_at: string | null
  due_at: string
  urged_at: string | null
  withdraw_reason: string | null
  rating_score: number | null
  rating_comment: string | null
  rated_at: string | null
}

export interface UploadHashBandsTable {
  upload_id: string
  band: number
  value: string
}

export interface AppealLinksTable {
  appeal_id: string
  linked_appeal_id: string
  kind: string
  created_at: string
}

export interface IdempotencyKeysTable {
  principal_id: string
  route: string
  key: string
  status_code: number | null
  body: string | null
  created_at: string
}

export interface OutboxTable {
  id: Generated<number>
  appeal_id: string
  citizen_id: string
  event: string
  to_status: string | null
  note: string | null
  state: 'pending' | 'sent' | 'skipped' | 'failed'
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  done_at: string | null
}

export interface AppealTestsTable {
  appeal_id: string
  position: number
  upload_id: string
  sampled_at: string
}

export interface AppealEventsTable {
  id: Generated<number>
  appeal_id: string
  at: string
  type: string
  from_status: string | null
  to_status: string | null
  actor_type: string
  actor_id: string | null
  note: string | null
}

export interface SchemaMigrationsTable {
  name: string
  applied_at: string
}

export interface Database {
  citizens: CitizensTable
  reviewers: ReviewersTable
  sessions: SessionsTable
  uploads: UploadsTable
  appeals: AppealsTable
  appeal_tests: AppealTestsTable
  appeal_events: AppealEventsTable
  schema_migrations: SchemaMigrationsTable
  upload_hash_bands: UploadHashBandsTable
  appeal_links: AppealLinksTable
  idempotency_keys: IdempotencyKeysTable
  outbox: OutboxTable
}

export type AppealRow = Selectable<AppealsTable>
export type NewAppeal = Insertable<AppealsTable>
export type ReviewerRow = Selectable<ReviewersTable>
export type UploadRow = Selectable<UploadsTable>
