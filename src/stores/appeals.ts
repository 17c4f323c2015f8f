// My appeals: the list, and the appeal open on the progress page.
import { create } from 'zustand'
import type { Appeal, AppealSummary, NegativeTest } from '../../types/appeal'
import type { ReceiptResponse } from '../../types/api'
import {
  getAppeal,
  getReceipt,
  listMyAppeals,
  rateAppeal,
  supplementAppeal,
  urgeAppeal,
  withdrawAppeal
} from '../services/appeals'
import { toApiError } from '../services/errors'

export type CitizenCall =
  | { kind: 'withdraw' }
  | { kind: 'self_clear' }
  | { kind: 'urge' }
  | { kind: 'rate'; score: 1 | 2 | 3 | 4 | 5; comment: string }
  | { kind: 'supplement'; popupShot?: string; negativeTests?: NegativeTest[]; statement?: string }

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

interface MyAppealsState {
  items: AppealSummary[]
  listStatus: LoadStatus
  listError: string | null
  loadList: () => Promise<void>

  current: Appeal | null
  currentStatus: LoadStatus
  currentError: string | null
  /** id of the appeal the detail page shows */
  currentId: string | null
  loadedAt: number | null
  loadAppeal: (id: string, opts?: { quiet?: boolean }) => Promise<void>
  /** remember a freshly created appeal so its page shows at once */
  remember: (appeal: Appeal) => void
  /** run a citizen action on the open appeal; the error message in Chinese, or null on success */
  act: (id: string, call: CitizenCall) => Promise<string | null>
  acting: boolean

  receipt: (ReceiptResponse & { appealId: string }) | null
  receiptError: string | null
  loadReceipt: (id: string) => Promise<void>
}

export const useMyAppeals = create<MyAppealsState>()((set, get) => ({
  items: [],
  listStatus: 'idle',
  listError: null,
  loadList: async () => {
    set({ listStatus: 'loading', listError: null })
    try {
      const res = await listMyAppeals()
      const items = [...(res.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      set({ items, listStatus: 'ready' })
    } catch (e) {
      set({ listStatus: 'error', listError: toApiError(e).message })
    }
  },

  current: null,
  currentStatus: 'idle',
  currentError: null,
  currentId: null,
  loadedAt: null,
  loadAppeal: async (id, opts = {}) => {
    const switching = get().currentId !== id
    if (switching) set({ current: null, currentId: id })
    // a quiet refresh (polling) keeps what is shown while it fetches
    if (!opts.quiet || switching || !get().current) set({ currentStatus: 'loading', currentError: null })
    try {
      const appeal = await getAppeal(id)
      if (get().currentId !== id) return
      set({ current: appeal, currentStatus: 'ready', currentError: null, loadedAt: Date.now() })
    } catch (e) {
      if (get().currentId !== id) return
      const err = toApiError(e)
      // keep showing the last good copy on a failed background refresh
      if (opts.quiet && get().current) set({ currentError: err.message })
      else set({ currentStatus: 'error', currentError: err.message })
    }
  },
  remember: (appeal) => set({ current: appeal, currentId: appeal.id, currentStatus: 'ready', currentError: null, loadedAt: Date.now() }),

  acting: false,
  act: async (id, call) => {
    if (get().acting) return null
    set({ acting: true })
    try {
      let appeal: Appeal
      switch (call.kind) {
        case 'withdraw':
          appeal = await withdrawAppeal(id, { reason: 'other' })
          break
        case 'self_clear':
          appeal = await withdrawAppeal(id, { reason: 'self_cleared' })
          break
        case 'urge':
          appeal = await urgeAppeal(id)
          break
        case 'rate':
          appeal = await rateAppeal(id, { score: call.score, ...(call.comment.trim() ? { comment: call.comment.trim() } : {}) })
          break
        case 'supplement': {
          const { kind: _k, ...body } = call
          appeal = await supplementAppeal(id, body)
          break
        }
      }
      if (get().currentId === id) set({ current: appeal, loadedAt: Date.now(), currentError: null })
      return null
    } catch (e) {
      return toApiError(e).message
    } finally {
      set({ acting: false })
    }
  },

  receipt: null,
  receiptError: null,
  loadReceipt: async (id) => {
    set({ receiptError: null, ...(get().receipt?.appealId === id ? {} : { receipt: null }) })
    try {
      const r = await getReceipt(id)
      set({ receipt: { ...r, appealId: id } })
    } catch (e) {
      set({ receiptError: toApiError(e).message })
    }
  }
}))
