// Table types for kysely. Timestamps are ISO-8601 UTC text (Date#toISOString), so the same queries
// compare and sort them on SQLite and PostgreSQL alike.
import type { Generated, Insertable, Selectable } from 'kysely'

export interface CitizensTable {
  id: string
  /** SHA-256 of appid + openid; null for anonymous device citizens. The openid itself is never stored. */
  wechat_openid_hash: string | null
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
}

export type AppealRow = Selectable<AppealsTable>
export type NewAppeal = Insertable<AppealsTable>
export type ReviewerRow = Selectable<ReviewersTable>
export type UploadRow = Selectable<UploadsTable>
