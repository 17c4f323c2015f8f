// Table types for kysely. Timestamps are ISO-8601 UTC text (Date#toISOString), so the same queries
// compare and sort them on SQLite and PostgreSQL alike.
import type { Generated, Insertable, Selectable } from 'kysely'

export interface CitizensTable {
  id: string
  /** keyed HMAC of the openid (server/crypto/keyring.ts openidHmac); null for anonymous device citizens */
  wechat_openid_hash: string | null
  /** the openid, encrypted (`v1:<kid>:…`): decrypted only to address subscribe messages */
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
  /** set by `npm run reviewer:disable`: the account can no longer log in and its sessions are gone */
  disabled_at: string | null
}

export interface SessionsTable {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored */
  token_hash: string
  kind: 'citizen' | 'reviewer'
  subject_id: string
  created_at: string
  /** absolute expiry */
  expires_at: string
  /** idle expiry: refreshed at most once a minute; null = created_at */
  last_seen_at: string | null
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
  /** the reading queue (migration 011, server/reading/jobs.ts): pending | done | failed | skipped */
  reading_status: Generated<'pending' | 'done' | 'failed' | 'skipped'>
  /** test_result | popup | unknown once done */
  reading_kind: string | null
  /** ciphertext of the read fields' JSON (keyring context 'reading_fields'); null until done */
  reading_fields: string | null
  /** claims so far: a reading whose lock expired (crashed instance) is tried at most twice */
  reading_attempts: Generated<number>
  /** a claimed reading belongs to its instance until then */
  reading_locked_until: string | null
  read_at: string | null
}

export interface AppealsTable {
  id: string
  tracking_no: string
  citizen_id: string
  status: string
  category: string
  district: string
  popup_shot: string
  /** ciphertext `v1:<kid>:…` (server/crypto/keyring.ts); plain '' once anonymised */
  applicant_name: string
  /** ciphertext of the normalised ID number */
  applicant_id_number: string
  /** ciphertext */
  applicant_phone: string
  /** HMAC-SHA256 (keyed) of the normalised ID number: matches a citizen's appeals; null once anonymised */
  applicant_id_hmac: string | null
  /** when the retention purge deleted the screenshots */
  evidence_purged_at: string | null
  /** when the retention purge (or the citizen's deletion) removed the personal data */
  anonymised_at: string | null
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
  /** when the citizen last reopened the appeal with 「弹窗还在」 (migration 008); the stillPopped flag */
  still_popped_at: string | null
  /** changes (at random) on every write the citizen could see: the ETag of their poll (migration 010); bigint, a string on PostgreSQL */
  version: Generated<number | string>
  /** 1 when a done reading of an attached screenshot disagrees with what was typed (migration 011) */
  shot_mismatch: Generated<number>
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

/** A machine client of the health-code operator (migration 008). */
export interface OperatorsTable {
  id: string
  name: string
  /** SHA-256 (hex) of the API key; the key itself is shown once by operator:add and never stored */
  key_hash: string
  /** push mode: deliveries go here when set */
  webhook_url: string | null
  /** HMAC secret of push deliveries and batch manifests, sealed (server/corrections/signing.ts sealSecret) */
  signing_secret: string | null
  /** set by operator:disable: the key stops working at once */
  disabled_at: string | null
  created_at: string
}

export type CorrectionRowStatus = 'waiting' | 'handed_over' | 'cleared' | 'not_cleared' | 'superseded'

/** One hand-over attempt of an approved appeal to the operator (migration 008); unique (appeal_id, attempt). */
export interface CorrectionsTable {
  id: string
  appeal_id: string
  attempt: number
  status: CorrectionRowStatus
  /** the approval this attempt carries out; the feed is ordered by (decided_at, id) */
  decided_at: string
  handed_over_at: string | null
  /** the operator it was first handed to */
  operator_id: string | null
  acked_at: string | null
  result: 'cleared' | 'not_found' | 'refused' | null
  note: string | null
  ack_operator_id: string | null
  /** a supervisor's answer to a not_cleared correction */
  resolved_at: string | null
  resolution: 'retried' | 'rejected' | 'reassigned' | null
  resolved_by: string | null
  created_at: string
}

/** SQLite only (migration 007): a row exists only inside the retention purge's transaction, letting its DELETE of audit_log through */
export interface AuditPurgeGuardTable {
  started_at: string
}

export interface SchemaMigrationsTable {
  name: string
  applied_at: string
}

/** The audit trail (migration 004 and later): append-only, enforced by triggers (migrations 005, 007). */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor_type: string
  actor_id: string | null
  action: string
  appeal_id: string | null
  detail: string | null
  /** keyed HMAC of the login name tried (logins only): throttling and investigation without the name itself */
  subject_hmac: string | null
  /** keyed HMAC of the client address (logins, citizen exports/deletions): request.ip, i.e. the client as
   *  seen through the proxies TRUST_PROXY names, never a forwarded header from anyone else */
  ip_hmac: string | null
}

/** The push outbox (migration 009): one row per (correction, push operator). */
export interface CorrectionDeliveriesTable {
  id: Generated<number>
  correction_id: string
  operator_id: string
  state: 'pending' | 'delivered' | 'dropped'
  attempts: number
  failures: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  delivered_at: string | null
}

/** Login attempt counters (migration 006, server/auth/throttle.ts). */
export interface LoginThrottleTable {
  /** `a:<account hmac>` or `p:<account hmac>:<address hmac>` */
  key: string
  window_start: string
  /** attempts reserved in the window starting at window_start */
  attempts: number
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
  audit_purge_guard: AuditPurgeGuardTable
  operators: OperatorsTable
  corrections: CorrectionsTable
  correction_deliveries: CorrectionDeliveriesTable
  audit_log: AuditLogTable
  login_throttle: LoginThrottleTable
}

export type AppealRow = Selectable<AppealsTable>
export type NewAppeal = Insertable<AppealsTable>
export type ReviewerRow = Selectable<ReviewersTable>
export type UploadRow = Selectable<UploadsTable>
export type OperatorRow = Selectable<OperatorsTable>
export type CorrectionRow = Selectable<CorrectionsTable>
