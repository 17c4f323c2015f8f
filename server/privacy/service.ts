// Retention and the citizen's rights over their data.
//
// Retention (a scheduled purge, registered in jobs/sweeps.ts; idempotent and resumable — every step can run
// again, a row is marked only after its files are gone):
//   - RETENTION_EVIDENCE_DAYS after an appeal closes (closing = its last status change, updated_at), its
//     screenshot files (full and thumbnail) are deleted, their perceptual-hash bands dropped, and a timeline
//     event 'evidence_purged' recorded. The upload rows stay (size, type, a SHA-256 of bytes that no longer
//     exist) so the appeal's shape and the timeline remain.
//   - RETENTION_APPEAL_DAYS after closing, the appeal is anonymised: name, ID number, phone, statement, the
//     reviewer's decision note and the rating comment are blanked, and the ID-number HMAC is dropped too (an
//     anonymised appeal must not be linkable to a person any more; duplicate matching only needs open and
//     recent appeals). Status, category, district, dates, decision and the timeline (without free-text notes)
//     stay for statistics. Anonymised appeals leave the citizen's list.
//   - audit_log rows older than AUDIT_RETENTION_DAYS (≥ 3 years) and sessions past their absolute expiry.
// Citizen rights:
//   - export: every appeal of mine with my own full data (JSON), audited.
//   - delete a closed appeal: its screenshots and personal data go at once (the same two steps as retention,
//     now), the timeline keeps only its status changes (notes cleared) plus a 'deleted_by_citizen' event; audited.
import type { Kysely } from 'kysely'
import { APPEAL_STATUSES, type Appeal, type AppealStatus } from '../../types/appeal'
import { isClosed } from '../../src/domain/transitions'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { recordEvent, SYSTEM, type Actor } from '../appeals/transition'
import { toAppeal } from '../appeals/view'
import { ownRow } from '../appeals/own-row'
import { deleteUploadObjects } from '../uploads/service'
import type { StorageConfig } from '../storage'
import { purgeAuditLog, recordAudit } from '../audit/service'
import { purgeExpiredSessions } from '../auth/sessions'

export const CLOSED_STATUSES: AppealStatus[] = APPEAL_STATUSES.filter((s) => isClosed(s))
const DAY = 24 * 3600_000
const BATCH = 200

/** Deletes one appeal's screenshot objects (local files or the bucket's), then marks it and records the timeline event (once). */
export async function purgeEvidence(db: Kysely<Database>, config: StorageConfig, appealId: string, actor: Actor = SYSTEM, now = new Date()): Promise<boolean> {
  const uploads = await db.selectFrom('uploads').select('id').where('appeal_id', '=', appealId).execute()
  for (const { id } of uploads) await deleteUploadObjects(config, id)
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('appeals')
      .set({ evidence_purged_at: at })
      .where('id', '=', appealId)
      .where('evidence_purged_at', 'is', null)
      .returning(['status'])
      .executeTakeFirst()
    if (!marked) return false
    if (uploads.length > 0) {
      await trx.deleteFrom('upload_hash_bands').where('upload_id', 'in', uploads.map((u) => u.id)).execute()
      // what was read off the screenshots (issue 13) is part of them: it goes with the bytes
      await trx.updateTable('uploads').set({ dhash: null, thumb_mime: null, reading_kind: null, reading_fields: null }).where('appeal_id', '=', appealId).execute()
      await trx.updateTable('uploads').set({ reading_status: 'skipped', reading_locked_until: null }).where('appeal_id', '=', appealId).where('reading_status', '=', 'pending').execute()
    }
    const status = marked.status as AppealStatus
    await recordEvent(trx, { appealId, at, type: 'evidence_purged', from: status, to: status, actor, note: '申诉材料截图已按保存期限删除' })
    return true
  })
}

/** Replaces an appeal's personal data (see the header); once. */
export async function anonymiseAppeal(db: Kysely<Database>, appealId: string, now = new Date()): Promise<boolean> {
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('appeals')
      .set({
        applicant_name: '',
        applicant_id_number: '',
        applicant_phone: '',
        applicant_id_hmac: null,
        statement: '',
        decision_note: null,
        rating_comment: null,
        anonymised_at: at
      })
      .where('id', '=', appealId)
      .where('anonymised_at', 'is', null)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) return false
    // free-text notes may quote the citizen (a reviewer's request for information); status changes stay
    await trx.updateTable('appeal_events').set({ note: null }).where('appeal_id', '=', appealId).where('actor_type', '=', 'reviewer').execute()
    await trx.updateTable('outbox').set({ note: null }).where('appeal_id', '=', appealId).execute()
    return true
  })
}

export interface RetentionResult {
  evidencePurged: number
  appealsAnonymised: number
  auditRowsPurged: number
  sessionsPurged: number
}

/** One retention run: batches until nothing is due (or `maxBatches`), so a restart simply continues. */
export async function runRetention(db: Db, config: Config, now = new Date(), maxBatches = 50): Promise<RetentionResult> {
  const out: RetentionResult = { evidencePurged: 0, appealsAnonymised: 0, auditRowsPurged: 0, sessionsPurged: 0 }
  const k = db.kysely
  const evidenceBefore = new Date(now.getTime() - config.retentionEvidenceDays * DAY).toISOString()
  for (let i = 0; i < maxBatches; i++) {
    const due = await k
      .selectFrom('appeals')
      .select('id')
      .where('status', 'in', CLOSED_STATUSES)
      .where('evidence_purged_at', 'is', null)
      .where('updated_at', '<', evidenceBefore)
      .limit(BATCH)
      .execute()
    for (const { id } of due) if (await purgeEvidence(k, config, id, SYSTEM, now)) out.evidencePurged++
    if (due.length < BATCH) break
  }
  const appealBefore = new Date(now.getTime() - config.retentionAppealDays * DAY).toISOString()
  for (let i = 0; i < maxBatches; i++) {
    const due = await k
      .selectFrom('appeals')
      .select(['id', 'evidence_purged_at'])
      .where('status', 'in', CLOSED_STATUSES)
      .where('anonymised_at', 'is', null)
      .where('updated_at', '<', appealBefore)
      .limit(BATCH)
      .execute()
    for (const r of due) {
      if (!r.evidence_purged_at) await purgeEvidence(k, config, r.id, SYSTEM, now)
      if (await anonymiseAppeal(k, r.id, now)) out.appealsAnonymised++
    }
    if (due.length < BATCH) break
  }
  out.auditRowsPurged = await purgeAuditLog(k, db.dialect, config.auditRetentionDays, now)
  out.sessionsPurged = await purgeExpiredSessions(k, now)
  return out
}

// ---- citizen rights ----

export interface MyDataExport {
  exportedAt: string
  citizen: { id: string; createdAt: string; wechatLinked: boolean }
  appeals: Appeal[]
}

export async function exportMyData(db: Kysely<Database>, config: Config, citizenId: string, ipHmac: string | null): Promise<MyDataExport> {
  const me = await db.selectFrom('citizens').select(['id', 'created_at', 'wechat_openid_hash']).where('id', '=', citizenId).executeTakeFirstOrThrow()
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute()
  const now = new Date()
  const appeals: Appeal[] = []
  // the citizen's own data, in full: this is theirs
  for (const row of rows) appeals.push(await toAppeal(db, row, { mask: false, now, config }))
  await recordAudit(db, { kind: 'citizen', id: citizenId }, 'citizen_export', null, `${appeals.length} appeals`, { ipHmac })
  return { exportedAt: now.toISOString(), citizen: { id: me.id, createdAt: me.created_at, wechatLinked: me.wechat_openid_hash !== null }, appeals }
}

/** The citizen deletes a closed appeal of theirs: screenshots and personal data go now. Others' appeals: not found. */
export async function deleteMyAppeal(db: Kysely<Database>, config: Config, citizenId: string, id: string, ipHmac: string | null): Promise<void> {
  const row = await ownRow(db, citizenId, id)
  if (!isClosed(row.status as AppealStatus)) throw new AppError('TRANSITION_NOT_ALLOWED', { message: '只能删除已办结的申诉' })
  const actor: Actor = { type: 'citizen', id: citizenId }
  const now = new Date()
  await purgeEvidence(db, config, id, actor, now)
  await anonymiseAppeal(db, id, now)
  await db.updateTable('appeal_events').set({ note: null }).where('appeal_id', '=', id).execute()
  const status = row.status as AppealStatus
  await recordEvent(db, { appealId: id, at: now.toISOString(), type: 'deleted_by_citizen', from: status, to: status, actor, note: null })
  await recordAudit(db, { kind: 'citizen', id: citizenId }, 'citizen_delete', id, null, { ipHmac })
}
