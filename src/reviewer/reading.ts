// What a screenshot says beside what the citizen typed, as rows the reviewer compares at a glance (issue 13).
// The server decides what disagrees (ShotReading.mismatches); this only lays it out and words it.
import type { Category } from '../../types/appeal'
import type { EvidenceCheck, ReviewAppealResponse } from '../../types/api'
import type { MismatchField, ReadingFields, ShotReading } from '../../types/reading'
import { CATEGORY_INFO } from '../domain/categories'
import { formatDateTime } from '../domain/time'

/** A field the reviewer compares; `kind` is whether the picture is the kind of screenshot its slot expects. */
export type RowField = MismatchField | 'shownAt' | 'popupCode'

export interface ReadingRow {
  field: RowField
  label: string
  /** what the form says; '—' where the form has no such field */
  typed: string
  /** what the picture says; null when the reader did not read it surely */
  read: string | null
  mismatch: boolean
}

export const ROW_LABELS: Record<RowField, string> = {
  kind: '截图类型',
  sampledAt: '采样时间',
  result: '检测结果',
  nameMasked: '姓名',
  idMasked: '证件号',
  category: '弹窗类型/情形',
  shownAt: '弹窗时间',
  popupCode: '弹窗编号'
}

const KIND_LABELS: Record<string, string> = { test_result: '核酸结果', popup: '健康宝弹窗', unknown: '无法识别' }

const ROLE_FIELDS: Record<ShotReading['role'], RowField[]> = {
  negative_test: ['sampledAt', 'result', 'nameMasked', 'idMasked'],
  popup: ['category', 'shownAt', 'popupCode']
}

/** Codes (category, kind) shown as words; anything else (times, names) as given. */
function shown(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null
  return CATEGORY_INFO[value as Category]?.title ?? KIND_LABELS[value] ?? value
}

function readValue(field: RowField, fields: ReadingFields): string | null {
  switch (field) {
    case 'category':
      return shown(fields.suggestedCategory)
    case 'kind':
      return null
    default:
      return shown(fields[field])
  }
}

function typedValue(field: RowField, shot: ShotReading, appeal: ReviewAppealResponse): string {
  const test = shot.index === null ? undefined : appeal.negativeTests[shot.index]
  switch (field) {
    case 'sampledAt':
      return test ? formatDateTime(test.sampledAt) : '—'
    // a screenshot uploaded in a negative-test slot is the citizen saying 阴性
    case 'result':
      return '阴性'
    case 'nameMasked':
      return appeal.applicant.name
    case 'idMasked':
      return appeal.applicant.idNumber
    case 'category':
      return shown(appeal.category) ?? appeal.category
    case 'kind':
      return shot.role === 'popup' ? KIND_LABELS.popup : KIND_LABELS.test_result
    default:
      return '—'
  }
}

/** The rows of one screenshot: a kind mismatch first, then its role's fields, the server's mismatches highlighted. */
export function readingRows(shot: ShotReading, appeal: ReviewAppealResponse): ReadingRow[] {
  const byField = new Map(shot.mismatches.map((m) => [m.field as RowField, m]))
  const fields = byField.has('kind') ? (['kind'] as RowField[]) : ROLE_FIELDS[shot.role]
  return fields.map((field) => {
    const m = byField.get(field)
    if (m) return { field, label: ROW_LABELS[field], typed: shown(m.typed) ?? '—', read: shown(m.read), mismatch: true }
    return { field, label: ROW_LABELS[field], typed: typedValue(field, shot, appeal), read: readValue(field, shot.reading.fields), mismatch: false }
  })
}

/** The sentence a screen reader says for a row that disagrees. */
export function mismatchSentence(row: ReadingRow): string {
  return `${row.label}不符：填写 ${row.typed}，截图 ${row.read ?? '未读到'}`
}

/** The reading's state when there are no rows to compare; null when there are. */
export function readingState(shot: ShotReading | undefined): string | null {
  if (!shot) return null
  const { status, kind } = shot.reading
  if (status === 'pending') return '正在识别…'
  if (status === 'failed') return '未能识别，请人工核对'
  if (status === 'skipped') return '未识别'
  if (kind === 'unknown') return '无法识别截图类型'
  return null
}

/**
 * The screenshot reading of a slot worth showing. None from a server before issue 13 (no `shots`), and none
 * for a skipped reading: reading is off on that server (or the upload predates it), and 「未识别」 under every
 * picture would only teach the reviewer to skip the panel.
 */
export function shotFor(appeal: ReviewAppealResponse, role: ShotReading['role'], index: number | null): ShotReading | undefined {
  const shot = (appeal.shots ?? []).find((s) => s.role === role && s.index === index)
  return shot?.reading.status === 'skipped' ? undefined : shot
}

const SOURCE_TAGS: Record<NonNullable<EvidenceCheck['source']>, string> = { read: '按截图', typed: '按填写', mixed: '部分按截图' }

/** Which values a rule used, as a short tag; null for rules that look at no times (or older servers). */
export function sourceTag(check: EvidenceCheck): string | null {
  return check.source ? SOURCE_TAGS[check.source] ?? null : null
}
