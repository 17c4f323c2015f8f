// What a filing or a supplement must satisfy before anything is written: field checks, the evidence rules under
// the server's policy (src/domain/policy.ts with its configured values), and the citizen's own uploads.
import type { Kysely } from 'kysely'
import { CATEGORIES, NEED_BY_REASONS, type Category } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { isDistrict } from '../../src/domain/districts'
import { evidenceProblems } from '../../src/domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone } from '../../src/domain/identity'
import { beijingDayStart } from '../../src/domain/priority'
import { parseInstant } from '../../src/domain/dates'
import { DEFAULT_POLICY } from '../../src/domain/policy'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { policyOf } from '../policy/service'

// fixed in code (not settings): the route schemas are built from them when the server starts
export const STATEMENT_MAX = DEFAULT_POLICY.statementMaxChars
export const MAX_TESTS = DEFAULT_POLICY.maxNegativeTests
const DAY = 24 * 3600_000

export function checkStatement(statement: string): void {
  if (Array.from(statement).length > STATEMENT_MAX) {
    throw new AppError('VALIDATION_FAILED', { message: `情况说明不能超过 ${STATEMENT_MAX} 字`, field: 'statement' })
  }
}

/** The route schema already refused these (format instant); checked again here, by the same strict reader. */
export function checkTests(tests: { sampledAt: string }[]): void {
  tests.forEach((t, i) => {
    if (parseInstant(t.sampledAt) === null) {
      throw new AppError('INVALID_DATE', { message: '采样时间不存在或格式不正确', field: `negativeTests[${i}].sampledAt` })
    }
  })
}

export function checkEvidenceRules(input: { category: Category; sampledAt: string[]; triggerDate: string | null; blocked: boolean }, config: Config, now: Date): void {
  const problems = evidenceProblems({
    category: input.category,
    sampledAt: input.sampledAt,
    triggerDate: input.triggerDate,
    blockedFromTesting: input.blocked,
    now,
    maxAgeHours: policyOf(config).evidenceMaxAgeHours
  })
  if (problems.length > 0) {
    throw new AppError('EVIDENCE_RULES_FAILED', { message: problems.map((p) => p.message).join('；'), field: 'negativeTests' })
  }
}

export function validate(body: CreateAppealRequest, config: Config, now: Date): void {
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
export async function attachUploads(trx: Kysely<Database>, appealId: string, citizenId: string, shots: { id: string; field: string }[]): Promise<void> {
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
