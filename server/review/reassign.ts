// A supervisor hands an appeal to another reviewer, or back to the queue. Every branch is an action of the
// transition table (claim, reopen, reassign, release), asked like any other.
import type { AppealStatus } from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import { canTransition } from '../../src/domain/transitions'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { applyTransition, recordEvent } from '../appeals/transition'
import { recordAudit } from '../audit/service'
import { findReviewerById, toPrincipal } from '../auth/reviewers'
import { seesDistrict } from '../auth/scope'
import { reopenProblemForReview } from '../corrections/problems'
import { actorOf, leaseUntil, view } from './common'

/** Supervisor: hand an appeal (queued or in review) to a reviewer of its district, or back to the queue (null). */
export async function reassign(db: Db, config: Config, supervisor: ReviewerPrincipal, id: string, reviewerId: string | null): Promise<ReviewAppealResponse> {
  const now = new Date()
  const at = now.toISOString()
  const row = await db.kysely.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst()
    if (!current) throw new AppError('APPEAL_NOT_FOUND')
    const status = current.status as AppealStatus
    if (reviewerId === null) {
      if (!canTransition(status, 'release')) throw new AppError('TRANSITION_NOT_ALLOWED')
      const released = await applyTransition(trx, { id, status, guard: (eb) => eb('claimed_by', '=', current.claimed_by) }, 'release', actorOf(supervisor), {
        now,
        note: '主管收回，放回队列',
        patch: { claimed_by: null, lease_until: null }
      })
      if (!released) throw new AppError('TRANSITION_NOT_ALLOWED')
      await recordAudit(trx, supervisor, 'reassign', id, JSON.stringify({ from: current.claimed_by, to: null }))
      return released
    }
    const targetRow = await findReviewerById(trx, reviewerId)
    if (!targetRow) throw new AppError('VALIDATION_FAILED', { message: '找不到该审核员', field: 'reviewerId' })
    // a disabled account cannot log in, so an appeal handed to it would sit out its lease unseen
    if (targetRow.disabled_at !== null) throw new AppError('REVIEWER_DISABLED', { field: 'reviewerId' })
    const target = toPrincipal(targetRow)
    // who handed which appeal from whom to whom: in the same transaction as the change, so neither exists alone
    const audit = () => recordAudit(trx, supervisor, 'reassign', id, JSON.stringify({ from: current.claimed_by, to: target.id }))
    if (!seesDistrict(target, current.district)) {
      throw new AppError('VALIDATION_FAILED', { message: '该审核员不负责这条申诉所在的区', field: 'reviewerId' })
    }
    const patch = { claimed_by: target.id, lease_until: leaseUntil(config, now) }
    if (canTransition(status, 'claim')) {
      const claimed = await applyTransition(trx, { id, status }, 'claim', actorOf(supervisor), { now, note: '主管指派', patch })
      if (!claimed) throw new AppError('TRANSITION_NOT_ALLOWED')
      await audit()
      return claimed
    }
    if (canTransition(status, 'reopen')) {
      // issue 12: an approval the operator could not apply (not_found / refused) goes back to review with this reviewer
      const reopened = await reopenProblemForReview(trx, db.dialect, supervisor, id, patch, now)
      if (!reopened) throw new AppError('TRANSITION_NOT_ALLOWED')
      await audit()
      return reopened
    }
    if (!canTransition(status, 'reassign')) throw new AppError('TRANSITION_NOT_ALLOWED')
    // same status, new holder: not a status change (no notification), but still a timeline event
    const moved = await trx
      .updateTable('appeals')
      .set({ ...patch, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', status)
      .returningAll()
      .executeTakeFirst()
    if (!moved) throw new AppError('TRANSITION_NOT_ALLOWED')
    await recordEvent(trx, { appealId: id, at, type: 'reassigned', from: status, to: status, actor: actorOf(supervisor), note: '主管改派' })
    await audit()
    return moved
  })
  return view(db.kysely, config, row, now)
}
