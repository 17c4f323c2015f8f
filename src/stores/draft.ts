// The appeal being written. Form fields and uploaded file ids persist (a reload resumes the draft);
// upload progress, local previews, errors and the submitting flag do not.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { Appeal, Category, NeedByReason } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { evidenceProblems, testsRequired, type EvidenceCheck } from '../domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone, normalizeIdNumber } from '../domain/identity'
import { isDistrict } from '../domain/districts'
import { isoToShanghaiParts, shanghaiToIso } from '../domain/time'
import { beijingDateTimeToIso, isCalendarDate } from '../domain/dates'
import { isCleanText } from '../domain/text'
import { ApiError, toApiError } from '../services/errors'
import { createAppeal } from '../services/appeals'
import { taroJSONStorage } from '../services/storage'
import { chooseScreenshot } from '../services/media'
import { compressScreenshot } from '../services/compress'
import { newKey, uploadScreenshot } from '../services/upload'
import { QUEUED_MESSAGE, useOutbox } from './outbox'

export const MAX_NEGATIVES = 3
export const MAX_STATEMENT = 500
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
  const need = category ? Math.min(MAX_NEGATIVES, testsRequired(category)) : 1
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

/** The sampling instants of the tests whose screenshots are uploaded. */
export function sampledAtList(negatives: NegativeDraft[]): string[] {
  return negatives.filter((n) => n.shot).map((n) => shanghaiToIso(n.date, n.time))
}

/** Evidence rules that fail right now, in Chinese (for the form). */
export function draftEvidenceProblems(
  d: Pick<DraftFields, 'category' | 'negatives'> & Partial<Pick<DraftFields, 'triggerDate'>>,
  now: Date = new Date()
): EvidenceCheck[] {
  return evidenceProblems({
    category: d.category ?? 'unknown',
    sampledAt: sampledAtList(d.negatives),
    triggerDate: d.triggerDate ? shanghaiToIso(d.triggerDate, '00:00') : null,
    now
  })
}

export interface FieldHints {
  name?: string
  idNumber?: string
  phone?: string
  statement?: string
}

/** Live hints for typed fields (only once something was typed). */
export function fieldHints(d: Pick<DraftFields, 'name' | 'idNumber' | 'phone' | 'statement'>): FieldHints {
  const h: FieldHints = {}
  if (d.name.trim() && !isValidName(d.name)) h.name = '请填写与证件一致的姓名（2 个字以上，汉字或字母，可含间隔号「·」）'
  if (d.idNumber.trim() && !isValidIdNumber(d.idNumber)) {
    h.idNumber =
      normalizeIdNumber(d.idNumber).length !== 18
        ? `身份证号应为 18 位，目前 ${normalizeIdNumber(d.idNumber).length} 位`
        : '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）'
  }
  if (d.phone.trim() && !isValidPhone(d.phone)) h.phone = '手机号应为 11 位数字，以 1 开头'
  if (d.statement.length > MAX_STATEMENT) h.statement = `说明最多 ${MAX_STATEMENT} 字，目前 ${d.statement.length} 字`
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
export function stepBlocking(step: number, d: BlockingInput, now: Date = new Date()): string | null {
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
        const problems = draftEvidenceProblems(d, now)
        if (problems.length > 0) return problems[0].message
      }
      return null
    }
    case 2: {
      if (badSampling) return samplingHint
      if (!d.blockedFromTesting) {
        if (uploaded === 0) return '请上传核酸阴性截图'
        const problems = draftEvidenceProblems(d, now)
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
      if (d.statement.length > MAX_STATEMENT) return `说明最多 ${MAX_STATEMENT} 字`
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

const FIELD_OF_SETTER: Record<string, FieldKey> = {
  category: 'category',
  district: 'district',
  name: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  statement: 'statement',
  triggerDate: 'category',
  blockedFromTesting: 'negatives',
  needByDate: 'needBy',
  needByReason: 'needBy'
}

function withoutError(errors: DraftState['serverErrors'], key: FieldKey) {
  if (!errors[key] && !errors.form) return errors
  const next = { ...errors }
  delete next[key]
  delete next.form
  return next
}

export const useDraft = create<DraftState>()(
  persist(
    (set, get) => {
      const setUpload = (slot: string, patch: Partial<UploadState>) =>
        set((s) => {
          const base: UploadState = s.uploads[slot] ?? { status: 'uploading', progress: 0, attempt: 1, localPath: null, error: null }
          return { uploads: { ...s.uploads, [slot]: { ...base, ...patch } } }
        })
      const setShot = (slot: string, id: string | null) =>
        set((s) =>
          slot === POPUP_SLOT
            ? { popupShot: id, serverErrors: withoutError(s.serverErrors, 'popup') }
            : {
                negatives: s.negatives.map((n) => (n.key === slot ? { ...n, shot: id } : n)),
                serverErrors: withoutError(s.serverErrors, 'negatives')
              }
        )
      return {
        ...emptyDraft(),
        uploads: {},
        submitting: false,
        serverErrors: {},

        setField: (key, value) =>
          set(
            (s) =>
              ({
                [key]: value,
                ...(key === 'category' ? { negatives: withSlotsFor(value as Category | null, s.negatives) } : {}),
                serverErrors: withoutError(s.serverErrors, FIELD_OF_SETTER[key])
              }) as Partial<DraftState>
          ),

        addNegative: () =>
          set((s) => (s.negatives.length >= MAX_NEGATIVES ? {} : { negatives: [...s.negatives, newNegative()] })),

        removeNegative: (key) =>
          set((s) => {
            const negatives = s.negatives.filter((n) => n.key !== key)
            const uploads = { ...s.uploads }
            delete uploads[key]
            return { negatives: negatives.length ? negatives : [newNegative()], uploads }
          }),

        setSampledAt: (key, part, value) =>
          set((s) => ({
            negatives: s.negatives.map((n) => (n.key === key ? { ...n, [part]: value } : n)),
            serverErrors: withoutError(s.serverErrors, 'negatives')
          })),

        pickAndUpload: async (slot) => {
          const path = await chooseScreenshot()
          if (path) await get().uploadFile(slot, path)
        },

        uploadFile: async (slot, path) => {
          set((s) => ({ uploads: { ...s.uploads, [slot]: { status: 'uploading', progress: 0, attempt: 1, localPath: path, error: null } } }))
          setShot(slot, null)
          try {
            // compressed on the phone first: ≤ 1080 px wide JPEG, a fraction of a PNG screenshot's bytes
          const small = await compressScreenshot(path)
          const res = await uploadScreenshot(small, (progress, attempt) => setUpload(slot, { progress, attempt }))
            // the slot may have been removed meanwhile
            if (slot !== POPUP_SLOT && !get().negatives.some((n) => n.key === slot)) return
            setShot(slot, res.id)
            setUpload(slot, { status: 'done', progress: 100, error: null })
          } catch (e) {
            setUpload(slot, { status: 'failed', error: toApiError(e).message })
          }
        },

        retryUpload: async (slot) => {
          const path = get().uploads[slot]?.localPath
          if (path) await get().uploadFile(slot, path)
          else await get().pickAndUpload(slot)
        },

        removeShot: (slot) => {
          setShot(slot, null)
          set((s) => {
            const uploads = { ...s.uploads }
            delete uploads[slot]
            return { uploads }
          })
        },

        submit: async () => {
          const s = get()
          if (s.submitting || blockingReason(s)) return null
          set({ submitting: true, serverErrors: {} })
          const key = s.submitKey
          const outbox = useOutbox.getState()
          // on the phone first: whatever happens to the request, the submission is not lost
          outbox.enqueue(toRequest(s), key)
          const r = await outbox.send(key)
          if (r.kind === 'sent') {
            get().reset()
            return { kind: 'sent', appeal: r.appeal }
          }
          if (r.kind === 'queued') {
            get().reset()
            return { kind: 'queued', key, message: QUEUED_MESSAGE }
          }
          // refused (validation etc.): back to the form, which keeps everything typed
          outbox.remove(key)
          const field = fieldOfError(r.error)
          set({ submitting: false, serverErrors: { [field]: r.error.message } })
          return null
        },

        goStep: (step) => set({ step: Math.max(0, Math.min(LAST_STEP, step)) }),

        nextStep: () => {
          const s = get()
          const missing = stepBlocking(s.step, s)
          if (!missing) set({ step: Math.min(LAST_STEP, s.step + 1) })
          return missing
        },

        reset: () => set({ ...emptyDraft(), uploads: {}, submitting: false, serverErrors: {} })
      }
    },
    {
      name: DRAFT_STORAGE_KEY,
      version: DRAFT_VERSION,
      storage: taroJSONStorage<DraftFields>(),
      partialize: (s): DraftFields => ({
        category: s.category,
        popupShot: s.popupShot,
        negatives: s.negatives,
        district: s.district,
        name: s.name,
        idNumber: s.idNumber,
        phone: s.phone,
        statement: s.statement,
        submitKey: s.submitKey,
        triggerDate: s.triggerDate,
        blockedFromTesting: s.blockedFromTesting,
        needByDate: s.needByDate,
        needByReason: s.needByReason,
        step: s.step
      }),
      migrate: (persisted, version) => migrateDraft(persisted, version) as unknown as DraftState
    }
  )
)

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
