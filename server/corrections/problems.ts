// The supervisors' side of the correction loop (issue 12): answers the operator could not apply (not_found /
// refused), and what a supervisor does with one — hand it over again, reject it with a reason the citizen
// sees, or reopen it for review through a reassign.
import type { Kysely } from 'kysely'
import { REJECT_REASON_CODES, type RejectReasonCode } from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import type { AckResult, CorrectionProblem, CorrectionRetryResponse } from '../../types/correction'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { AppealRow, CorrectionRow, Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { recordAudit } from '../audit/service'
import { applyTransition, NO_DECISION, recordEvent } from '../appeals/transition'
import { toReviewAppeal } from '../appeals/view'
import { createCorrection } from './create'
import { CORRECTION_NOTES, lockedCorrection } from './service'

/** Answers the operator could not apply (not_found / refused) that no supervisor has dealt with, oldest first. */
export async function listProblems(db: Kysely<Database>, limit = 500): Promise<CorrectionProblem[]> {
  const rows = await db
    .selectFrom('corrections')
    .innerJoin('appeals', 'appeals.id', 'corrections.appeal_id')
    .leftJoin('operators', 'operators.id', 'corrections.ack_operator_id')
    .select([
      'corrections.id',
      'corrections.appeal_id',
      'corrections.result',
      'corrections.note',
      'corrections.acked_at',
      'corrections.attempt',
      'appeals.tracking_no',
      'appeals.district',
      'operators.name as operator'
    ])
    .where('corrections.status', '=', 'not_cleared')
    .where('corrections.resolved_at', 'is', null)
    .where('appeals.status', '=', 'approved')
    .orderBy('corrections.acked_at')
    .orderBy('corrections.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    appealId: r.appeal_id,
    trackingNo: r.tracking_no,
    district: r.district,
    result: r.result as Exclude<AckResult, 'cleared'>,
    note: r.note,
    operator: r.operator ?? '',
    acknowledgedAt: r.acked_at!,
    attempt: Number(r.attempt)
  }))
}

/** The problem correction, locked, unresolved, its appeal still approved; else the matching error. */
async function openProblem(trx: Kysely<Database>, dialect: Db['dialect'], id: string): Promise<CorrectionRow> {
  const row = await lockedCorrection(trx, dialect, id)
  if (!row) throw new AppError('CORRECTION_NOT_FOUND')
  if (row.status !== 'not_cleared' || row.resolved_at !== null) throw new AppError('CORRECTION_NOT_A_PROBLEM')
  return row
}

async function resolve(trx: Kysely<Database>, id: string, resolution: 'retried' | 'rejected' | 'reassigned', reviewer: ReviewerPrincipal, at: string): Promise<void> {
  const r = await trx
    .updateTable('corrections')
    .set({ resolved_at: at, resolution, resolved_by: reviewer.id })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CORRECTION_NOT_A_PROBLEM')
}

/** Re-approve: a new attempt (attempt + 1) goes back into the feed; the appeal stays approved. */
export async function retryProblem(db: Db, reviewer: ReviewerPrincipal, id: string): Promise<CorrectionRetryResponse> {
  const now = new Date()
  const at = now.toISOString()
  return db.kysely.transaction().execute(async (trx) => {
    const row = await openProblem(trx, db.dialect, id)
    const appeal = await trx.selectFrom('appeals').select(['id', 'status']).where('id', '=', row.appeal_id).executeTakeFirstOrThrow()
    if (appeal.status !== 'approved') throw new AppError('CORRECTION_NOT_A_PROBLEM')
    await resolve(trx, id, 'retried', reviewer, at)
    const next = await createCorrection(trx, row.appeal_id, at)
    await recordEvent(trx, { appealId: row.appeal_id, at, type: 'correction_retried', from: 'approved', to: 'approved', actor: { type: 'reviewer', id: reviewer.id }, note: CORRECTION_NOTES.retried })
    await trx.updateTable('appeals').set({ updated_at: at }).where('id', '=', row.appeal_id).execute()
    await recordAudit(trx, reviewer, 'correction_retry', row.appeal_id, JSON.stringify({ from: id, to: next.id, attempt: next.attempt }), { at })
    return { id: next.id, appealId: row.appeal_id, attempt: next.attempt }
  })
}

/** Reject the appeal instead (approved → rejected through the table), with a reason the citizen sees. */
export async function rejectProblem(
  db: Db,
  config: Config,
  reviewer: ReviewerPrincipal,
  id: string,
  reasonCode: string,
  note: string | null | undefined
): Promise<ReviewAppealResponse> {
  if (!(REJECT_REASON_CODES as readonly string[]).includes(reasonCode)) throw new AppError('REASON_REQUIRED', { field: 'reasonCode' })
  const cleanNote = note?.trim() || null
  const now = new Date()
  const at = now.toISOString()
  const updated = await db.kysely.transaction().execute(async (trx) => {
    const row = await openProblem(trx, db.dialect, id)
    const current = await trx.selectFrom('appeals').select(['id', 'status']).where('id', '=', row.appeal_id).executeTakeFirstOrThrow()
    if (current.status !== 'approved') throw new AppError('CORRECTION_NOT_A_PROBLEM')
    await resolve(trx, id, 'rejected', reviewer, at)
    const done = await applyTransition(trx, { id: row.appeal_id, status: 'approved' }, 'correction_reject', { type: 'reviewer', id: reviewer.id }, {
      now,
      note: [reasonText(reasonCode as RejectReasonCode)?.text, cleanNote].filter(Boolean).join('；') || null,
      patch: {
        decision_outcome: 'rejected',
        decision_reason_code: reasonCode,
        decision_note: cleanNote,
        decided_at: at,
        decided_by: reviewer.id,
        claimed_by: null,
        lease_until: null
      }
    })
    if (!done) throw new AppError('CORRECTION_NOT_A_PROBLEM')
    await recordAudit(trx, reviewer, 'correction_reject', row.appeal_id, JSON.stringify({ id, reasonCode }), { at })
    return done
  })
  return toReviewAppeal(db.kysely, updated, { now, config })
}

/**
 * The reassign hook (server/review/service.ts): an approved appeal whose correction the operator could not
 * apply goes back to review with a reviewer (approved → in_review, action reopen); its problem is resolved.
 * Returns null when the appeal has no open problem (the reassign then refuses as before).
 */
export async function reopenProblemForReview(
  trx: Kysely<Database>,
  dialect: Db['dialect'],
  supervisor: ReviewerPrincipal,
  appealId: string,
  patch: { claimed_by: string; lease_until: string },
  now: Date
): Promise<AppealRow | null> {
  const problem = await trx
    .selectFrom('corrections')
    .select('id')
    .where('appeal_id', '=', appealId)
    .where('status', '=', 'not_cleared')
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
  if (!problem) return null
  await openProblem(trx, dialect, problem.id)
  const at = now.toISOString()
  await resolve(trx, problem.id, 'reassigned', supervisor, at)
  return applyTransition(trx, { id: appealId, status: 'approved' }, 'reopen', { type: 'reviewer', id: supervisor.id }, {
    now,
    note: '健康宝运营方未能解除，主管指派重新审核',
    patch: { ...patch, ...NO_DECISION }
  })
}
