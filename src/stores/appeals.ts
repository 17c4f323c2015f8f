// My appeals: the list, and the appeal open on the progress page.
import { create } from 'zustand'
import type { Appeal, AppealSummary } from '../../types/appeal'
import { getAppeal, listMyAppeals } from '../services/appeals'
import { toApiError } from '../services/errors'

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
  remember: (appeal) => set({ current: appeal, currentId: appeal.id, currentStatus: 'ready', currentError: null, loadedAt: Date.now() })
}))
