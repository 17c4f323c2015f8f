// The appeal being written. Form fields and uploaded file ids persist (a reload resumes the draft);
// upload progress, local previews, errors and the submitting flag do not. The shape lives in ./draft/fields,
// the checks in ./draft/checks; both are re-exported here, where the pages and tests import them from.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { Category } from '../../types/appeal'
import { toApiError } from '../services/errors'
import { taroJSONStorage } from '../services/storage'
import { chooseScreenshot } from '../services/media'
import { compressScreenshot } from '../services/compress'
import { uploadScreenshot } from '../services/upload'
import { currentPolicy } from '../services/policy'
import { QUEUED_MESSAGE, useOutbox } from './outbox'
import { DRAFT_STORAGE_KEY, DRAFT_VERSION, emptyDraft, LAST_STEP, migrateDraft, newNegative, POPUP_SLOT, toRequest, withSlotsFor } from './draft/fields'
import type { DraftFields, DraftState, FieldKey, UploadState } from './draft/fields'
import { blockingReason, fieldOfError, stepBlocking } from './draft/checks'

export * from './draft/fields'
export * from './draft/checks'

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
          set((s) => (s.negatives.length >= currentPolicy().maxNegativeTests ? {} : { negatives: [...s.negatives, newNegative()] })),

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
