// The draft's shape and its plain transformations: empty draft, test slots, stored versions, the request.
import type { Appeal, Category, NeedByReason } from '../../../types/appeal'
import type { CreateAppealRequest } from '../../../types/api'
import { testsRequired } from '../../domain/evidence'
import { normalizeIdNumber } from '../../domain/identity'
import { isoToShanghaiParts, shanghaiToIso } from '../../domain/time'
import { newKey } from '../../services/upload'
import { currentPolicy } from '../../services/policy'

export const DRAFT_STORAGE_KEY = 'pa.appeal-draft'
export const DRAFT_VERSION = 2
/** form steps: 0 situation → 1 screenshots → 2 test site & deadline → 3 applicant → 4 review */
export const STEPS = ['弹窗情形', '上传截图', '检测情况', '个人信息', '核对提交'] as const
export const LAST_STEP = STEPS.length - 1

export interface NegativeDraft {
  /** stable key for upload state (slots can be removed) */
  key: string
  shot: string | null
  /** YYYY-MM-DD, Beijing; '' until the citizen picks a day (no guessed default) */
  date: string
  /** HH:mm, Beijing; '' until typed or picked */
  time: string
}

export type UploadStatus = 'uploading' | 'done' | 'failed'

export interface UploadState {
  status: UploadStatus
  progress: number
  attempt: number
  /** local file for preview and manual retry */
  localPath: string | null
  error: string | null
}

export type FieldKey =
  | 'category'
  | 'popup'
  | 'negatives'
  | 'district'
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'statement'
  | 'needBy'
  | 'form'

export interface DraftFields {
  category: Category | null
  popupShot: string | null
  negatives: NegativeDraft[]
  district: string | null
  name: string
  idNumber: string
  phone: string
  statement: string
  submitKey: string
  /** YYYY-MM-DD, Beijing; optional (medicine: purchase date) */
  triggerDate: string | null
  /** turned away at a test site: negative tests become optional */
  blockedFromTesting: boolean
  /** the popup must be gone by this date (YYYY-MM-DD) for this reason; optional */
  needByDate: string | null
  needByReason: NeedByReason | null
  /** the step the citizen is on (persisted: a reload resumes there) */
  step: number
}

export type SubmitResult = { kind: 'sent'; appeal: Appeal } | { kind: 'queued'; key: string; message: string } | null

export interface DraftState extends DraftFields {
  uploads: Record<string, UploadState>
  submitting: boolean
  serverErrors: Partial<Record<FieldKey, string>>
  setField: <
    K extends 'category' | 'district' | 'name' | 'idNumber' | 'phone' | 'statement' | 'triggerDate' | 'blockedFromTesting' | 'needByDate' | 'needByReason'
  >(
    key: K,
    value: DraftFields[K]
  ) => void
  addNegative: () => void
  removeNegative: (key: string) => void
  setSampledAt: (key: string, part: 'date' | 'time', value: string) => void
  pickAndUpload: (slot: string) => Promise<void>
  uploadFile: (slot: string, path: string) => Promise<void>
  retryUpload: (slot: string) => Promise<void>
  removeShot: (slot: string) => void
  submit: () => Promise<SubmitResult>
  goStep: (step: number) => void
  /** to the next step when the current one is complete; returns what is still missing otherwise */
  nextStep: () => string | null
  reset: () => void
}

export const POPUP_SLOT = 'popup'

/** Now, rounded down to the hour, in Beijing time. */
export function defaultSampledParts(now: Date = new Date()): { date: string; time: string } {
  const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000)
  return isoToShanghaiParts(hour.toISOString())
}

/**
 * A test slot starts without a time: "now" was wrong for nearly every screenshot and was often sent
 * unchanged. The form offers 今天 / 昨天 / 前天 and a typed HH:mm instead.
 */
export function newNegative(): NegativeDraft {
  return { key: newKey(), shot: null, date: '', time: '' }
}

/** As many test slots as the situation needs (travel/trajectory 2, medicine 1), keeping what is there. */
export function withSlotsFor(category: Category | null, negatives: NegativeDraft[]): NegativeDraft[] {
  const need = category ? Math.min(currentPolicy().maxNegativeTests, testsRequired(category)) : 1
  if (negatives.length >= need) return negatives
  return [...negatives, ...Array.from({ length: need - negatives.length }, () => newNegative())]
}

/** `_now` is kept for callers of the older signature; slots no longer start at now. */
export function emptyDraft(_now?: Date): DraftFields {
  return {
    category: null,
    popupShot: null,
    negatives: [newNegative()],
    district: null,
    name: '',
    idNumber: '',
    phone: '',
    statement: '',
    submitKey: newKey(),
    triggerDate: null,
    blockedFromTesting: false,
    needByDate: null,
    needByReason: null,
    step: 0
  }
}

export function toRequest(d: DraftFields): CreateAppealRequest {
  return {
    category: d.category as Category,
    popupShot: d.popupShot as string,
    negativeTests: d.negatives
      .filter((n) => n.shot)
      .map((n) => ({ shot: n.shot as string, sampledAt: shanghaiToIso(n.date, n.time) })),
    district: d.district as string,
    applicant: { name: d.name.trim(), idNumber: normalizeIdNumber(d.idNumber), phone: d.phone.trim() },
    statement: d.statement.trim(),
    triggerDate: d.triggerDate ?? null,
    blockedFromTesting: Boolean(d.blockedFromTesting),
    needBy: d.needByDate && d.needByReason ? { date: d.needByDate, reason: d.needByReason } : null
  }
}

/** Stored drafts of older versions: v1 lacked the trigger date, test-site, need-by and step fields. */
export function migrateDraft(persisted: unknown, version: number): DraftFields {
  if (version === 1 && persisted && typeof persisted === 'object') {
    const fresh = emptyDraft()
    const old = persisted as Partial<DraftFields>
    return {
      ...fresh,
      ...old,
      triggerDate: null,
      blockedFromTesting: false,
      needByDate: null,
      needByReason: null,
      step: 0
    }
  }
  if (version === DRAFT_VERSION) return persisted as DraftFields
  // unknown shapes: start fresh rather than crash
  return emptyDraft()
}
