// The needs_info supplement: new screenshots (compressed, uploaded with retry) and a note.
import { create } from 'zustand'
import type { NegativeTest } from '../../types/appeal'
import { chooseScreenshot } from '../services/media'
import { compressScreenshot } from '../services/compress'
import { uploadScreenshot } from '../services/upload'
import { toApiError } from '../services/errors'
import { shanghaiToIso } from '../domain/time'
import { defaultSampledParts, type UploadState } from '../stores/draft'

export type SupplementSlot = 'popup' | 'negative'

interface SupplementState {
  popupShot: string | null
  negativeShot: string | null
  date: string
  time: string
  note: string
  uploads: Partial<Record<SupplementSlot, UploadState>>
  set: (patch: Partial<Pick<SupplementState, 'date' | 'time' | 'note'>>) => void
  pick: (slot: SupplementSlot) => Promise<void>
  upload: (slot: SupplementSlot, path: string) => Promise<void>
  remove: (slot: SupplementSlot) => void
  reset: () => void
}

const fresh = () => ({ popupShot: null, negativeShot: null, note: '', uploads: {}, ...defaultSampledParts() })

export const useSupplement = create<SupplementState>()((set, get) => ({
  ...fresh(),
  set: (patch) => set(patch),
  pick: async (slot) => {
    const path = await chooseScreenshot()
    if (path) await get().upload(slot, path)
  },
  upload: async (slot, path) => {
    const shotKey = slot === 'popup' ? 'popupShot' : 'negativeShot'
    const put = (u: Partial<UploadState>) =>
      set((s) => ({ uploads: { ...s.uploads, [slot]: { status: 'uploading', progress: 0, attempt: 1, localPath: path, error: null, ...s.uploads[slot], ...u } } }))
    set({ [shotKey]: null } as Partial<SupplementState>)
    put({ status: 'uploading', progress: 0, attempt: 1, localPath: path, error: null })
    try {
      const res = await uploadScreenshot(await compressScreenshot(path), (progress, attempt) => put({ progress, attempt }))
      set({ [shotKey]: res.id } as Partial<SupplementState>)
      put({ status: 'done', progress: 100 })
    } catch (e) {
      put({ status: 'failed', error: toApiError(e).message })
    }
  },
  remove: (slot) =>
    set((s) => {
      const uploads = { ...s.uploads }
      delete uploads[slot]
      return { uploads, ...(slot === 'popup' ? { popupShot: null } : { negativeShot: null }) }
    }),
  reset: () => set(fresh())
}))

/** The POST /supplement body from what was added; null when nothing was. */
export function supplementBody(s: Pick<SupplementState, 'popupShot' | 'negativeShot' | 'date' | 'time' | 'note'>): {
  popupShot?: string
  negativeTests?: NegativeTest[]
  statement?: string
} | null {
  const body: { popupShot?: string; negativeTests?: NegativeTest[]; statement?: string } = {}
  if (s.popupShot) body.popupShot = s.popupShot
  if (s.negativeShot) body.negativeTests = [{ shot: s.negativeShot, sampledAt: shanghaiToIso(s.date, s.time) }]
  if (s.note.trim()) body.statement = s.note.trim()
  return Object.keys(body).length ? body : null
}
