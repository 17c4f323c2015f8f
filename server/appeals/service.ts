// Filing, reading and the citizen's own lifecycle actions. Each service function owns its transaction.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { CATEGORIES, NEED_BY_REASONS, type Appeal, type AppealStatus, type AppealSummary, type Category } from '../../types/appeal'
import type { CreateAppealRequest, RatingRequest, SupplementRequest, WithdrawRequest } from '../../types/api'
import { isDistrict } from '../../src/domain/districts'
import { evidenceProblems } from '../../src/domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone, normalizeIdNumber } from '../../src/domain/identity'
import { beijingDayStart, queuePriority } from '../../src/domain/priority'
import { parseInstant } from '../../src/domain/dates'
import { canTransition, isClosed } from '../../src/domain/transitions'
import type { Config } from '../config'
import type { AppealRow, Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { citizenAppealReplay } from '../idempotency/replay'
import { linkReusedScreenshots } from '../uploads/reuse'
import { uniqueTrackingNo } from './tracking'
import { applyTransition, enqueueNotification, recordEvent, type Actor } from './transition'
import { toAppeal, toSummary } from './view'
import { encryptApplicant } from '../crypto/keyring'
import { correctionView, latestCorrections } from '../corrections/view'

export const STATEMENT_MAX = 500
export const MAX_TESTS = 5
const DAY = 24 * 3600_000

function checkStatement(statement: string): void {
  if (Array.from(statement).length > STATEMENT_MAX) {
    throw new AppError('VALIDATION_FAILED', { message: `情况说明不能超过 ${STATEMENT_MAX} 字`, field: 'statement' })
  }
}

/** The route schema already refused these (format instant); checked again here, by the same strict reader. */
function checkTests(tests: { sampledAt: string }[]): void {
  tests.forEach((t, i) => {
    if (parseInstant(t.sampledAt) === null) {
      throw new AppError('INVALID_DATE', { message: '采样时间不存在或格式不正确', field: `negativeTests[${i}].sampledAt` })
    }
  })
}

function checkEvidenceRules(input: { category: Category; sampledAt: string[]; triggerDate: string | null; blocked: boolean }, config: Config, now: Date): void {
  const problems = evidenceProblems({
    category: input.category,
    sampledAt: input.sampledAt,
    triggerDate: input.triggerDate,
    blockedFromTesting: input.blocked,
    now,
    maxAgeHours: config.evidenceMaxAgeHours
  })
  if (problems.length > 0) {
    throw new AppError('EVIDENCE_RULES_FAILED', { message: problems.map((p) => p.message).join('；'), field: 'negativeTests' })
  }
}

function validate(body: CreateAppealRequest, config: Config, now: Date): void {
  if (!(CATEGORIES as readonly string[]).includes(body.category)) throw new AppError('INVALID_CATEGORY', { field: 'category' })
  if (!isDistrict(body.district)) throw new AppError('INVALID_DISTRICT', { field: 'district' })
  if (!isValidName(body.applicant.name)) throw new AppError('INVALID_NAME', { field: 'applicant.name' })
  if (!isValidIdNumber(body.applicant.idNumber)) throw new AppError('INVALID_ID_NUMBER', { field: 'applicant.idNumber' })
  if (!isValidPhone(body.applicant.phone)) throw new AppError('INVALID_PHONE', { field: 'applicant.phone' })
  checkStatement(body.statement)
  checkTests(body.negativeTests)
  if (body.triggerDate) {
    const start = beijingDayStart(body.triggerDate)
    if (!Number.isFinite(start)) throw new AppError('INVALID_DATE', { message: '弹窗日期不存在或格式不正确', field: 'triggerDate' })
    if (start > now.getTime()) throw new AppError('VALIDATION_FAILED', { message: '弹窗日期不能晚于今天', field: 'triggerDate' })
  }
  if (body.needBy) {
    const start = beijingDayStart(body.needBy.date)
    if (!Number.isFinite(start)) throw new AppError('INVALID_DATE', { message: '需要解除弹窗的日期不存在或格式不正确', field: 'needBy.date' })
    if (!(NEED_BY_REASONS as readonly string[]).includes(body.needBy.reason)) {
      throw new AppError('VALIDATION_FAILED', { message: '需要解除弹窗的日期或原因不正确', field: 'needBy' })
    }
    if (start + DAY <= now.getTime()) throw new AppError('VALIDATION_FAILED', { message: '需要解除弹窗的日期不能早于今天', field: 'needBy.date' })
  }
  checkEvidenceRules(
    {
      category: body.category,
      sampledAt: body.negativeTests.map((t) => t.sampledAt),
      triggerDate: body.triggerDate ?? null,
      blocked: body.blockedFromTesting === true
    },
    config,
    now
  )
}

/** Attaches the citizen's own, not yet attached uploads to the appeal; names the first unusable one. */
async function attachUploads(trx: Kysely<Database>, appealId: string, citizenId: string, shots: { id: string; field: string }[]): Promise<void> {
  if (shots.length === 0) return
  const ids = shots.map((s) => s.id)
  if (new Set(ids).size !== ids.length) throw new AppError('UPLOAD_NOT_USABLE', { field: shots[shots.length - 1].field })
  const attached = await trx
    .updateTable('uploads')
    .set({ appeal_id: appealId })
    .where('id', 'in', ids)
    .where('owner_id', '=', citizenId)
    .where('appeal_id', 'is', null)
    .executeTakeFirst()
  if (Number(attached.numUpdatedRows) !== ids.length) {
    const usable = new Set(
      (await trx.selectFrom('uploads').select('id').where('id', 'in', ids).where('appeal_id', '=', appealId).execute()).map((r) => r.id)
    )
    const bad = shots.find((s) => !usable.has(s.id))
    throw new AppError('UPLOAD_NOT_USABLE', { field: bad?.field })
  }
}

export async function createAppeal(
  db: Db,
  config: Config,
  citizenId: string,
  body: CreateAppealRequest,
  idem: IdempotencyKey | null = null
): Promise<Stored<Appeal>> {
  const now = new Date()
  validate(body, config, now)
  const at = now.toISOString()
  const id = randomUUID()
  const shots = [
    { id: body.popupShot, field: 'popupShot' },
    ...body.negativeTests.map((t, i) => ({ id: t.shot, field: `negativeTests[${i}].shot` }))
  ]
  const needBy = body.needBy ?? null
  const blocked = body.blockedFromTesting === true
  const priority = queuePriority({ blockedFromTesting: blocked, needBy, urgedAt: null }, now)

  return idempotent(db, idem, 201, async (trx) => {
    const trackingNo = await uniqueTrackingNo(trx, now)
    await trx
      .insertInto('appeals')
      .values({
        id,
        tracking_no: trackingNo,
        citizen_id: citizenId,
        status: 'queued',
        category: body.category,
        district: body.district,
        popup_shot: body.popupShot,
        // encrypted at rest, with a keyed hash of the ID number for matching (server/crypto/keyring.ts)
        ...encryptApplicant({
          name: body.applicant.name.trim(),
          idNumber: normalizeIdNumber(body.applicant.idNumber),
          phone: body.applicant.phone.trim()
        }),
        statement: body.statement.trim(),
        created_at: at,
        updated_at: at,
        claimed_by: null,
        lease_until: null,
        decision_outcome: null,
        decision_reason_code: null,
        decision_note: null,
        decided_at: null,
        decided_by: null,
        trigger_date: body.triggerDate ?? null,
        blocked_from_testing: blocked ? 1 : 0,
        need_by_date: needBy?.date ?? null,
        need_by_reason: needBy?.reason ?? null,
        priority: priority.tier,
        retier_at: priority.recheckAt,
        due_at: new Date(now.getTime() + config.slaHours * 3600_000).toISOString(),
        urged_at: null,
        withdraw_reason: null,
        rating_score: null,
        rating_comment: null,
        rated_at: null
      })
      .execute()
    await attachUploads(trx, id, citizenId, shots)
    if (body.negativeTests.length > 0) {
      await trx
        .insertInto('appeal_tests')
        .values(body.negativeTests.map((t, i) => ({ appeal_id: id, position: i, upload_id: t.shot, sampled_at: new Date(parseInstant(t.sampledAt)!).toISOString() })))
        .execute()
    }
    await linkReusedScreenshots(trx, id, citizenId, shots.map((s) => s.id), at)
    await recordEvent(trx, { appealId: id, at, type: 'submitted', from: null, to: 'queued', actor: { type: 'citizen', id: citizenId } })
    await enqueueNotification(trx, { appealId: id, citizenId, event: 'submitted', to: 'queued', note: null, at })
    const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    return toAppeal(trx, row, { mask: true, now, config })
  }, citizenAppealReplay(config, citizenId))
}

export async function listMyAppeals(db: Kysely<Database>, citizenId: string): Promise<AppealSummary[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null) // anonymised (retention, or deleted by the citizen): no longer theirs to list
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
  const now = new Date()
  const corrections = await latestCorrections(db, rows.filter((r) => r.status === 'approved' || r.status === 'rejected').map((r) => r.id))
  return rows.map((r) => ({ ...toSummary(r, now), correction: correctionView(r, corrections.get(r.id)) }))
}

/** The citizen's own appeal, not anonymised; APPEAL_NOT_FOUND for anyone else's (never says which). */
export async function ownRow(db: Kysely<Database>, citizenId: string, id: string): Promise<AppealRow> {
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('id', '=', id)
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return row
}

/** Someone else's appeal is "not found", never "forbidden". */
export async function getMyAppeal(db: Kysely<Database>, config: Config, citizenId: string, id: string): Promise<Appeal> {
  return toAppeal(db, await ownRow(db, citizenId, id), { mask: true, config })
}

export async function getMyAppealByTracking(db: Kysely<Database>, config: Config, citizenId: string, trackingNo: string): Promise<Appeal> {
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('tracking_no', '=', trackingNo.trim().toUpperCase())
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null) // deleted or anonymised: gone by every path, not only by id
    .executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return toAppeal(db, row, { mask: true, config })
}

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
    const priority = queuePriority(
      { blockedFromTesting: Boolean(current.blocked_from_testing), needBy: current.need_by_date && current.need_by_reason ? { date: current.need_by_date, reason: current.need_by_reason as 'work' } : null, urgedAt: current.urged_at },
      now
    )
    const row = await applyTransition(trx, { id, status }, 'supplement', citizen(citizenId), {
      now,
      note: '市民已补充材料',
      patch: {
        ...(req.popupShot ? { popup_shot: req.popupShot } : {}),
        ...(req.statement !== undefined ? { statement: req.statement.trim() } : {}),
        decision_outcome: null,
        decision_reason_code: null,
        decision_note: null,
        decided_at: null,
        decided_by: null,
        claimed_by: null,
        lease_until: null,
        priority: priority.tier,
        retier_at: priority.recheckAt
      }
    })
    if (!row) throw new AppError('TRANSITION_NOT_ALLOWED')
    await linkReusedScreenshots(trx, id, citizenId, shots.map((s) => s.id), at)
    return toAppeal(trx, row, { mask: true, now, config })
  }, citizenAppealReplay(config, citizenId))
}

/** 催办: at most once per URGE_INTERVAL_HOURS, while the appeal waits on the city; raises its priority. */
export async function urgeAppeal(db: Db, config: Config, citizenId: string, id: string): Promise<Appeal> {
  const now = new Date()
  const at = now.toISOString()
  return db.kysely.transaction().execute(async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    if (current.status !== 'queued' && current.status !== 'in_review') throw new AppError('TRANSITION_NOT_ALLOWED')
    const intervalMs = config.urgeIntervalHours * 3600_000
    if (current.urged_at && Date.parse(current.urged_at) + intervalMs > now.getTime()) throw new AppError('URGE_TOO_SOON')
    const priority = queuePriority(
      { blockedFromTesting: Boolean(current.blocked_from_testing), needBy: current.need_by_date && current.need_by_reason ? { date: current.need_by_date, reason: current.need_by_reason as 'work' } : null, urgedAt: at },
      now
    )
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
