// The queue list: filters, keyset pages, and the highlighted row.
import type { AppealSummary, QueueQuery } from '../../../types/api'
import { fetchQueue } from '../services/api'
import { failWith, type ReviewSlice, type Status } from './reviewSlice'

/** The filters and sort the queue page offers (the cursor and page size are the store's business). */
export type QueueFilters = Omit<QueueQuery, 'cursor' | 'limit'>
export const DEFAULT_FILTERS: QueueFilters = { status: 'queued', sort: 'priority' }
export const PAGE_SIZE = 30

export interface QueueSlice {
  counts: Record<string, number>
  items: AppealSummary[]
  queueStatus: Status
  queueError: string | null
  filters: QueueFilters
  /** the server did not understand the filters (older server): the list is unfiltered */
  filtersIgnored: boolean
  nextCursor: string | null
  loadingMore: boolean
  /** replace the list with the first page for the current filters */
  loadQueue: () => Promise<void>
  /** append the next page (keyset: the server's nextCursor) */
  loadMore: () => Promise<void>
  setFilters: (patch: Partial<QueueFilters>) => Promise<void>
  resetFilters: () => Promise<void>
  /** J/K: the highlighted row of the list */
  cursorIndex: number
  moveCursor: (delta: number) => void
}

export const queueSlice: ReviewSlice<QueueSlice> = (set, get) => {
  const fail = failWith(set)
  return {
    counts: {},
    items: [],
    queueStatus: 'idle',
    queueError: null,
    filters: { ...DEFAULT_FILTERS },
    filtersIgnored: false,
    nextCursor: null,
    loadingMore: false,
    loadQueue: async () => {
      const filters = get().filters
      set({ queueStatus: 'loading', queueError: null })
      try {
        const res = await fetchQueue({ ...filters, limit: PAGE_SIZE })
        // a slower answer for filters the reviewer has already changed is dropped
        if (get().filters !== filters) return
        set({
          counts: res.counts ?? {},
          items: res.items ?? [],
          nextCursor: res.nextCursor ?? null,
          filtersIgnored: res.filtersIgnored,
          queueStatus: 'ready',
          cursorIndex: Math.min(get().cursorIndex, Math.max(0, (res.items ?? []).length - 1))
        })
      } catch (e) {
        set({ queueStatus: 'error', queueError: fail(e) })
      }
    },
    loadMore: async () => {
      const { nextCursor, loadingMore, filters } = get()
      if (!nextCursor || loadingMore) return
      set({ loadingMore: true })
      try {
        const res = await fetchQueue({ ...filters, cursor: nextCursor, limit: PAGE_SIZE })
        if (get().filters !== filters) return
        const seen = new Set(get().items.map((a) => a.id))
        set({
          items: [...get().items, ...(res.items ?? []).filter((a) => !seen.has(a.id))],
          nextCursor: res.nextCursor ?? null,
          counts: res.counts ?? get().counts,
          loadingMore: false
        })
      } catch (e) {
        set({ loadingMore: false, queueError: fail(e) })
      }
    },
    setFilters: async (patch) => {
      const next: QueueFilters = { ...get().filters, ...patch }
      for (const k of Object.keys(next) as (keyof QueueFilters)[]) if (next[k] === undefined) delete next[k]
      set({ filters: next, nextCursor: null, cursorIndex: 0 })
      await get().loadQueue()
    },
    resetFilters: async () => {
      set({ filters: { ...DEFAULT_FILTERS }, nextCursor: null, cursorIndex: 0 })
      await get().loadQueue()
    },
    cursorIndex: 0,
    moveCursor: (delta) => {
      const n = get().items.length
      if (n === 0) return
      set({ cursorIndex: Math.max(0, Math.min(n - 1, get().cursorIndex + delta)) })
    }
  }
}
