// The citizen's own lifecycle actions on a filed appeal: withdraw, supplement, urge, rate.
// Each owns its transaction; which status allows what is the transition table's and the policy's call.
import type { AppealStatus, Appeal, Category } from '../../types/appeal'
import type { RatingRequest, SupplementRequest, WithdrawRequest } from '../../types/api'
import { storedPriority } from '../../src/domain/priority'
import { parseInstant } from '../../src/domain/dates'
import { urgeAllowed } from '../../src/domain/policy'
import { canTransition, isClosed } from '../../src/domain/transitions'
import type { Config } from '../config'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { citizenAppealReplay } from '../idempotency/replay'
import { linkReusedScreenshots } from '../uploads/reuse'
import { policyOf } from '../policy/service'
import { applyTransition, NO_DECISION, recordEvent, UNCLAIMED, type Actor } from './transition'
import { toAppeal } from './view'
import { attachUploads, checkEvidenceRules, checkStatement, checkTests } from './checks'
import { ownRow } from './own-row'
import { recomputeShotMismatch } from '../reading/service'

function citizen(citizenId: string): Actor {
  return { type: 'citizen', id: citizenId }
}

/** withdraw (queued, needs_info) or, with reason self_cleared, 弹窗已消失 (also from in_review, ending the lease). */
export async function withdrawAppeal(db: Db, config: Config, citizenId: string, id: string, req: WithdrawRequest): Promise<Appeal> {
  const action = req.reason === 'self_cleared' ? 'self_clear' : 'withdraw'
  const now = new Date()
  return db.kysely.transaction().execute(async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    const status = current.status as AppealStatus
    if (!canTransition(status, action)) throw new AppError('TRANSITION_NOT_ALLOWED')
    const row = await applyTransition(trx, { id, status }, action, citizen(citizenId), {
      now,
      note: action === 'self_clear' ? '市民反馈弹窗已消失' : '市民撤回申诉',
      patch: { withdraw_reason: req.reason, claimed_by: null, lease_until: null }
    })
    if (!row) throw new AppError('TRANSITION_NOT_ALLOWED')
    return toAppeal(trx, row, { mask: true, now, config })
  })
}

/** needs_info → queued with new screenshots/text; keeps its place (created_at is untouched). */
export async function supplementAppeal(
  db: Db,
  config: Config,
  citizenId: string,
  id: string,
  req: SupplementRequest,
  idem: IdempotencyKey | null = null
): Promise<Stored<Appeal>> {
  const now = new Date()
  const at = now.toISOString()
  if (req.statement !== undefined) checkStatement(req.statement)
  if (req.negativeTests) checkTests(req.negativeTests)
  return idempotent(db, idem, 200, async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    const status = current.status as AppealStatus
    if (!canTransition(status, 'supplement')) throw new AppError('TRANSITION_NOT_ALLOWED')
    const existingTests = await trx.selectFrom('appeal_tests').select('sampled_at').where('appeal_id', '=', id).orderBy('position').execute()
    const sampledAt = req.negativeTests ? req.negativeTests.map((t) => t.sampledAt) : existingTests.map((t) => t.sampled_at)
    checkEvidenceRules(
      { category: current.category as Category, sampledAt, triggerDate: current.trigger_date, blocked: Boolean(current.blocked_from_testing) },
      config,
      now
    )
    const shots = [
      ...(req.popupShot ? [{ id: req.popupShot, field: 'popupShot' }] : []),
      ...(req.negativeTests ?? []).map((t, i) => ({ id: t.shot, field: `negativeTests[${i}].shot` }))
    ]
    await attachUploads(trx, id, citizenId, shots)
    if (req.negativeTests) {
      await trx.deleteFrom('appeal_tests').where('appeal_id', '=', id).execute()
      if (req.negativeTests.length > 0) {
        await trx
          .insertInto('appeal_tests')
          .values(req.negativeTests.map((t, i) => ({ appeal_id: id, position: i, upload_id: t.shot, sampled_at: new Date(parseInstant(t.sampledAt)!).toISOString() })))
          .execute()
      }
    }
    const priority = storedPriority(current, now)
    const row = await applyTransition(trx, { id, status }, 'supplement', citizen(citizenId), {
      now,
      note: '市民已补充材料',
      patch: {
        ...(req.popupShot ? { popup_shot: req.popupShot } : {}),
        ...(req.statement !== undefined ? { statement: req.statement.trim() } : {}),
        ...NO_DECISION,
        ...UNCLAIMED,
        priority: priority.tier,
        retier_at: priority.recheckAt
      }
    })
    if (!row) throw new AppError('TRANSITION_NOT_ALLOWED')
    await linkReusedScreenshots(trx, id, citizenId, shots.map((s) => s.id), at)
    // new screenshots or sampling times: compared again with what was read
    await recomputeShotMismatch(trx, id, { always: false })
    return toAppeal(trx, row, { mask: true, now, config })
  }, citizenAppealReplay(config, citizenId))
}

/** 催办: at most once per URGE_INTERVAL_HOURS, while the appeal waits on the city; raises its priority. */
export async function urgeAppeal(db: Db, config: Config, citizenId: string, id: string): Promise<Appeal> {
  const now = new Date()
  const at = now.toISOString()
  return db.kysely.transaction().execute(async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    const policy = policyOf(config)
    if (!urgeAllowed(current.status, policy)) throw new AppError('TRANSITION_NOT_ALLOWED')
    const intervalMs = policy.urgeIntervalHours * 3600_000
    if (current.urged_at && Date.parse(current.urged_at) + intervalMs > now.getTime()) throw new AppError('URGE_TOO_SOON')
    const priority = storedPriority(current, now, at)
    const updated = await trx
      .updateTable('appeals')
      .set({ urged_at: at, priority: priority.tier, retier_at: priority.recheckAt })
      .where('id', '=', id)
      .where('status', '=', current.status)
      .where((eb) => (current.urged_at ? eb('urged_at', '=', current.urged_at) : eb('urged_at', 'is', null)))
      .returningAll()
      .executeTakeFirst()
    if (!updated) throw new AppError('URGE_TOO_SOON')
    const status = current.status as AppealStatus
    await recordEvent(trx, { appealId: id, at, type: 'urged', from: status, to: status, actor: citizen(citizenId), note: '市民催办' })
    return toAppeal(trx, updated, { mask: true, now, config })
  })
}

/** 满意度: once, after closing. */
export async function rateAppeal(db: Db, config: Config, citizenId: string, id: string, req: RatingRequest): Promise<Appeal> {
  const now = new Date()
  const at = now.toISOString()
  const comment = req.comment?.trim() || null
  return db.kysely.transaction().execute(async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    const status = current.status as AppealStatus
    if (!isClosed(status)) throw new AppError('TRANSITION_NOT_ALLOWED')
    if (current.rated_at) throw new AppError('ALREADY_RATED')
    const updated = await trx
      .updateTable('appeals')
      .set({ rating_score: req.score, rating_comment: comment, rated_at: at })
      .where('id', '=', id)
      .where('rated_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (!updated) throw new AppError('ALREADY_RATED')
    await recordEvent(trx, { appealId: id, at, type: 'rated', from: status, to: status, actor: citizen(citizenId), note: `满意度 ${req.score} 分` })
    return toAppeal(trx, updated, { mask: true, now, config })
  })
}
