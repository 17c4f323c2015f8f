// What the form checks before it lets the citizen on or sends: evidence rules, field hints, per-step blockers,
// and which field a server error belongs to. The limits are the served policy's (src/services/policy.ts).
import { evidenceProblems, type EvidenceCheck } from '../../domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone, normalizeIdNumber } from '../../domain/identity'
import { isDistrict } from '../../domain/districts'
import { shanghaiToIso } from '../../domain/time'
import { beijingDateTimeToIso, isCalendarDate } from '../../domain/dates'
import { isCleanText } from '../../domain/text'
import type { Policy } from '../../domain/policy'
import type { ApiError } from '../../services/errors'
import { currentPolicy } from '../../services/policy'
import { LAST_STEP, type DraftFields, type FieldKey, type NegativeDraft, type UploadState } from './fields'

/** The sampling instants of the tests whose screenshots are uploaded. */
export function sampledAtList(negatives: NegativeDraft[]): string[] {
  return negatives.filter((n) => n.shot).map((n) => shanghaiToIso(n.date, n.time))
}

/** Evidence rules that fail right now, in Chinese (for the form). */
export function draftEvidenceProblems(
  d: Pick<DraftFields, 'category' | 'negatives'> & Partial<Pick<DraftFields, 'triggerDate'>>,
  now: Date = new Date(),
  policy: Pick<Policy, 'evidenceMaxAgeHours'> = currentPolicy()
): EvidenceCheck[] {
  return evidenceProblems({
    category: d.category ?? 'unknown',
    sampledAt: sampledAtList(d.negatives),
    triggerDate: d.triggerDate ? shanghaiToIso(d.triggerDate, '00:00') : null,
    now,
    maxAgeHours: policy.evidenceMaxAgeHours
  })
}

export interface FieldHints {
  name?: string
  idNumber?: string
  phone?: string
  statement?: string
}

/** Live hints for typed fields (only once something was typed). */
export function fieldHints(
  d: Pick<DraftFields, 'name' | 'idNumber' | 'phone' | 'statement'>,
  policy: Pick<Policy, 'statementMaxChars'> = currentPolicy()
): FieldHints {
  const max = policy.statementMaxChars
  const h: FieldHints = {}
  if (d.name.trim() && !isValidName(d.name)) h.name = '请填写与证件一致的姓名（2 个字以上，汉字或字母，可含间隔号「·」）'
  if (d.idNumber.trim() && !isValidIdNumber(d.idNumber)) {
    h.idNumber =
      normalizeIdNumber(d.idNumber).length !== 18
        ? `身份证号应为 18 位，目前 ${normalizeIdNumber(d.idNumber).length} 位`
        : '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）'
  }
  if (d.phone.trim() && !isValidPhone(d.phone)) h.phone = '手机号应为 11 位数字，以 1 开头'
  if (d.statement.length > max) h.statement = `说明最多 ${max} 字，目前 ${d.statement.length} 字`
  else if (!isCleanText(d.statement)) h.statement = STATEMENT_CHARS_HINT
  return h
}

type BlockingInput = Pick<
  DraftFields,
  'category' | 'popupShot' | 'negatives' | 'district' | 'name' | 'idNumber' | 'phone' | 'statement'
> &
  Partial<Pick<DraftFields, 'triggerDate' | 'blockedFromTesting' | 'needByDate' | 'needByReason'>> & {
    uploads?: Record<string, UploadState>
  }

const STATEMENT_CHARS_HINT = '说明中含有无法识别的字符，请删除后重试'

/** What still keeps the citizen on a step, in Chinese; null when the step is complete. */
export function stepBlocking(step: number, d: BlockingInput, now: Date = new Date(), policy: Policy = currentPolicy()): string | null {
  const uploaded = d.negatives.filter((n) => n.shot).length
  // dates by the same strict reader as the server (src/domain/dates.ts): a restored draft or a picker quirk
  // must not send a day that does not exist
  const badSampling = d.negatives.some((n) => n.shot && beijingDateTimeToIso(n.date, n.time) === null)
  const untimed = d.negatives.findIndex((n) => n.shot && (!n.date || !n.time))
  const samplingHint = untimed >= 0 ? `请填写第 ${untimed + 1} 次核酸的采样日期和时间` : '采样日期或时间不正确，请重新选择'
  switch (step) {
    case 0:
      if (d.triggerDate && !isCalendarDate(d.triggerDate)) return '弹窗日期不正确，请重新选择'
      return d.category ? null : '请选择弹窗类型'
    case 1: {
      if (d.uploads && Object.values(d.uploads).some((u) => u.status === 'uploading')) return '截图正在上传，请稍候'
      if (!d.popupShot) return '请上传健康宝弹窗截图'
      if (badSampling) return samplingHint
      // tests may be left out only when a test site turned the citizen away (asked on the next step)
      if (uploaded > 0 && !d.blockedFromTesting) {
        const problems = draftEvidenceProblems(d, now, policy)
        if (problems.length > 0) return problems[0].message
      }
      return null
    }
    case 2: {
      if (badSampling) return samplingHint
      if (!d.blockedFromTesting) {
        if (uploaded === 0) return '请上传核酸阴性截图'
        const problems = draftEvidenceProblems(d, now, policy)
        if (problems.length > 0) return problems[0].message
      }
      if (d.needByDate && !isCalendarDate(d.needByDate)) return '需要解除弹窗的日期不正确，请重新选择'
      if (d.needByDate && !d.needByReason) return '请选择需要在这一天前解除弹窗的原因'
      return null
    }
    case 3:
      if (!d.district || !isDistrict(d.district)) return '请选择所在区'
      if (!isValidName(d.name)) return '请填写姓名'
      if (!isValidIdNumber(d.idNumber)) return '请填写正确的身份证号'
      if (!isValidPhone(d.phone)) return '请填写正确的手机号'
      if (d.statement.length > policy.statementMaxChars) return `说明最多 ${policy.statementMaxChars} 字`
      if (!isCleanText(d.statement)) return STATEMENT_CHARS_HINT
      return null
    default:
      return null
  }
}

/** Why the submit button is disabled — the first thing still missing, in Chinese; null when ready. */
export function blockingReason(d: BlockingInput, now: Date = new Date()): string | null {
  for (let step = 0; step < LAST_STEP; step++) {
    const r = stepBlocking(step, d, now)
    if (r) return r
  }
  return null
}

/** The first step with something missing (where「修改」should lead). */
export function firstIncompleteStep(d: BlockingInput, now: Date = new Date()): number {
  for (let step = 0; step < LAST_STEP; step++) if (stepBlocking(step, d, now)) return step
  return LAST_STEP
}

/** Which part of the form a server error belongs to. */
export function fieldOfError(e: ApiError): FieldKey {
  const f = (e.field ?? '').toLowerCase()
  if (f) {
    if (f.includes('idnumber')) return 'idNumber'
    if (f.includes('phone')) return 'phone'
    if (f.includes('name')) return 'name'
    if (f.includes('district')) return 'district'
    if (f.includes('category')) return 'category'
    if (f.includes('popup')) return 'popup'
    if (f.includes('negative') || f.includes('sampled')) return 'negatives'
    if (f.includes('statement')) return 'statement'
    if (f.includes('needby')) return 'needBy'
    if (f.includes('trigger')) return 'category'
  }
  switch (e.code) {
    case 'INVALID_ID_NUMBER':
      return 'idNumber'
    case 'INVALID_PHONE':
      return 'phone'
    case 'INVALID_NAME':
      return 'name'
    case 'INVALID_DISTRICT':
      return 'district'
    case 'INVALID_CATEGORY':
      return 'category'
    case 'EVIDENCE_RULES_FAILED':
      return 'negatives'
    default:
      return 'form'
  }
}
