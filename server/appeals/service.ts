// Filing and reading a citizen's own appeals. The service owns the transaction.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { CATEGORIES, type Appeal, type AppealSummary, type Category } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { isDistrict } from '../../src/domain/districts'
import { evidenceProblems } from '../../src/domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone, normalizeIdNumber } from '../../src/domain/identity'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { uniqueTrackingNo } from './tracking'
import { recordEvent } from './transition'
import { toAppeal, toSummary } from './view'

export const STATEMENT_MAX = 500
export const MAX_TESTS = 5

function validate(body: CreateAppealRequest, config: Config, now: Date): void {
  if (!(CATEGORIES as readonly string[]).includes(body.category)) throw new AppError('INVALID_CATEGORY', { field: 'category' })
  if (!isDistrict(body.district)) throw new AppError('INVALID_DISTRICT', { field: 'district' })
  if (!isValidName(body.applicant.name)) throw new AppError('INVALID_NAME', { field: 'applicant.name' })
  if (!isValidIdNumber(body.applicant.idNumber)) throw new AppError('INVALID_ID_NUMBER', { field: 'applicant.idNumber' })
  if (!isValidPhone(body.applicant.phone)) throw new AppError('INVALID_PHONE', { field: 'applicant.phone' })
  if (Array.from(body.statement).length > STATEMENT_MAX) {
    throw new AppError('VALIDATION_FAILED', { message: `情况说明不能超过 ${STATEMENT_MAX} 字`, field: 'statement' })
  }
  body.negativeTests.forEach((t, i) => {
    if (!Number.isFinite(Date.parse(t.sampledAt))) {
      throw new AppError('VALIDATION_FAILED', { message: '采样时间格式不正确', field: `negativeTests[${i}].sampledAt` })
    }
  })
  const problems = evidenceProblems({
    category: body.category as Category,
    sampledAt: body.negativeTests.map((t) => t.sampledAt),
    now,
    maxAgeHours: config.evidenceMaxAgeHours
  })
  if (problems.length > 0) {
    throw new AppError('EVIDENCE_RULES_FAILED', { message: problems.map((p) => p.message).join('；'), field: 'negativeTests' })
  }
}

export async function createAppeal(
  db: Kysely<Database>,
  config: Config,
  citizenId: string,
  body: CreateAppealRequest
): Promise<Appeal> {
  const now = new Date()
  validate(body, config, now)
  const at = now.toISOString()
  const id = randomUUID()
  const shots = [body.popupShot, ...body.negativeTests.map((t) => t.shot)]

  return db.transaction().execute(async (trx) => {
    if (new Set(shots).size !== shots.length) throw new AppError('UPLOAD_NOT_USABLE', { field: 'negativeTests' })
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
        applicant_name: body.applicant.name.trim(),
        applicant_id_number: normalizeIdNumber(body.applicant.idNumber),
        applicant_phone: body.applicant.phone.trim(),
        statement: body.statement.trim(),
        created_at: at,
        updated_at: at,
        claimed_by: null,
        lease_until: null,
        decision_outcome: null,
        decision_reason_code: null,
        decision_note: null,
        decided_at: null,
        decided_by: null
      })
      .execute()
    // attach: only this citizen's uploads that no appeal uses yet
    const attached = await trx
      .updateTable('uploads')
      .set({ appeal_id: id })
      .where('id', 'in', shots)
      .where('owner_id', '=', citizenId)
      .where('appeal_id', 'is', null)
      .executeTakeFirst()
    if (Number(attached.numUpdatedRows) !== shots.length) {
      const usable = new Set(
        (await trx.selectFrom('uploads').select('id').where('id', 'in', shots).where('appeal_id', '=', id).execute()).map((r) => r.id)
      )
      const bad = shots.findIndex((s) => !usable.has(s))
      throw new AppError('UPLOAD_NOT_USABLE', { field: bad <= 0 ? 'popupShot' : `negativeTests[${bad - 1}].shot` })
    }
    await trx
      .insertInto('appeal_tests')
      .values(body.negativeTests.map((t, i) => ({ appeal_id: id, position: i, upload_id: t.shot, sampled_at: new Date(t.sampledAt).toISOString() })))
      .execute()
    await recordEvent(trx, { appealId: id, at, type: 'submitted', from: null, to: 'queued', actor: { type: 'citizen', id: citizenId } })
    const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    return toAppeal(trx, row, { mask: true })
  })
}

export async function listMyAppeals(db: Kysely<Database>, citizenId: string): Promise<AppealSummary[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
  return rows.map(toSummary)
}

/** Someone else's appeal is "not found", never "forbidden". */
export async function getMyAppeal(db: Kysely<Database>, citizenId: string, id: string): Promise<Appeal> {
  const row = await db.selectFrom('appeals').selectAll().where('id', '=', id).where('citizen_id', '=', citizenId).executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return toAppeal(db, row, { mask: true })
}
