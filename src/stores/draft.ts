// The appeal being written. Form fields and uploaded file ids persist (a reload resumes the draft);
// upload progress, local previews, errors and the submitting flag do not.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { Appeal, Category } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { evidenceProblems, type EvidenceCheck } from '../domain/evidence'
import { isValidIdNumber, isValidName, isValidPhone, normalizeIdNumber } from '../domain/identity'
import { isDistrict } from '../domain/districts'
import { isoToShanghaiParts, shanghaiToIso } from '../domain/time'
import { ApiError, toApiError } from '../services/errors'
import { createAppeal } from '../services/appeals'
import { taroJSONStorage } from '../services/storage'
import { chooseScreenshot } from '../services/media'
import { newKey, uploadScreenshot } from '../services/upload'

export const MAX_NEGATIVES = 3
export const MAX_STATEMENT = 500
export const DRAFT_STORAGE_KEY = 'pa.appeal-draft'
export const DRAFT_VERSION = 1

export interface NegativeDraft {
  /** stable key for upload state (slots can be removed) */
  key: string
  shot: string | null
  /** YYYY-MM-DD, Beijing */
  date: string
  /** HH:mm, Beijing */
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
}

export interface DraftState extends DraftFields {
  uploads: Record<string, UploadState>
  submitting: boolean
  serverErrors: Partial<Record<FieldKey, string>>
  setField: <K extends 'category' | 'district' | 'name' | 'idNumber' | 'phone' | 'statement'>(
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
  submit: () => Promise<Appeal | null>
  reset: () => void
}

export const POPUP_SLOT = 'popup'

/** Now, rounded down to the hour, in Beijing time. */
export function defaultSampledParts(now: Date = new Date()): { date: string; time: string } {
  const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000)
  return isoToShanghaiParts(hour.toISOString())
}

export function newNegative(now: Date = new Date()): NegativeDraft {
  return { key: newKey(), shot: null, ...defaultSampledParts(now) }
}

export function emptyDraft(now: Date = new Date()): DraftFields {
  return {
    category: null,
    popupShot: null,
    negatives: [newNegative(now)],
    district: null,
    name: '',
    idNumber: '',
    phone: '',
    statement: '',
    submitKey: newKey()
  }
}

/** The sampling instants of the tests whose screenshots are uploaded. */
export function sampledAtList(negatives: NegativeDraft[]): string[] {
  return negatives.filter((n) => n.shot).map((n) => shanghaiToIso(n.date, n.time))
}

/** Evidence rules that fail right now, in Chinese (for the form). */
export function draftEvidenceProblems(d: Pick<DraftFields, 'category' | 'negatives'>, now: Date = new Date()): EvidenceCheck[] {
  return evidenceProblems({ category: d.category ?? 'unknown', sampledAt: sampledAtList(d.negatives), now })
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
  if (d.name.trim() && !isValidName(d.name)) h.name = '请填写与证件一致的姓名（2 个字以上，不含数字）'
  if (d.idNumber.trim() && !isValidIdNumber(d.idNumber)) {
    h.idNumber =
      normalizeIdNumber(d.idNumber).length !== 18
        ? `身份证号应为 18 位，目前 ${normalizeIdNumber(d.idNumber).length} 位`
        : '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）'
  }
  if (d.phone.trim() && !isValidPhone(d.phone)) h.phone = '手机号应为 11 位数字，以 1 开头'
  if (d.statement.length > MAX_STATEMENT) h.statement = `说明最多 ${MAX_STATEMENT} 字，目前 ${d.statement.length} 字`
  return h
}

/** Why the submit button is disabled — the first thing still missing, in Chinese; null when ready. */
export function blockingReason(
  d: Pick<DraftFields, 'category' | 'popupShot' | 'negatives' | 'district' | 'name' | 'idNumber' | 'phone' | 'statement'> & {
    uploads?: Record<string, UploadState>
  },
  now: Date = new Date()
): string | null {
  if (!d.category) return '请选择弹窗类型'
  if (d.uploads && Object.values(d.uploads).some((u) => u.status === 'uploading')) return '截图正在上传，请稍候'
  if (!d.popupShot) return '请上传健康宝弹窗截图'
  const uploaded = d.negatives.filter((n) => n.shot).length
  if (uploaded === 0) return '请上传核酸阴性截图'
  const problems = draftEvidenceProblems(d, now)
  if (problems.length > 0) return problems[0].message
  if (!d.district || !isDistrict(d.district)) return '请选择所在区'
  if (!isValidName(d.name)) return '请填写姓名'
  if (!isValidIdNumber(d.idNumber)) return '请填写正确的身份证号'
  if (!isValidPhone(d.phone)) return '请填写正确的手机号'
  if (d.statement.length > MAX_STATEMENT) return `说明最多 ${MAX_STATEMENT} 字`
  return null
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
    statement: d.statement.trim()
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
  statement: 'statement'
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
          set((s) => ({ [key]: value, serverErrors: withoutError(s.serverErrors, FIELD_OF_SETTER[key]) }) as Partial<DraftState>),

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
            const res = await uploadScreenshot(path, (progress, attempt) => setUpload(slot, { progress, attempt }))
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
          try {
            const appeal = await createAppeal(toRequest(get()), get().submitKey)
            get().reset()
            return appeal
          } catch (e) {
            const err = toApiError(e)
            set({ submitting: false, serverErrors: { [fieldOfError(err)]: err.message } })
            return null
          }
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
        submitKey: s.submitKey
      }),
      migrate: (persisted, version) => {
        // unknown older shapes: start fresh rather than crash
        if (version !== DRAFT_VERSION) return emptyDraft() as unknown as DraftState
        return persisted as DraftState
      }
    }
  )
)
