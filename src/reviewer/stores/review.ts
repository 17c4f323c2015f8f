// The reviewer's work: the queue, the appeal in hand, and the decision just made.
import { create } from 'zustand'
import type { NeedsInfoCode, Outcome, RejectReasonCode } from '../../../types/appeal'
import type { AppealSummary, QueueQuery, ReviewAppealResponse } from '../../../types/api'
import { toApiError } from '../../services/errors'
import {
  claimAppeal,
  claimNext,
  decide,
  fetchAudit,
  fetchHistory,
  fetchQueue,
  fetchReviewAppeal,
  release,
  type AuditEntry,
  type HistoryResponse
} from '../services/api'

/** The filters and sort the queue page offers (the cursor and page size are the store's business). */
export type QueueFilters = Omit<QueueQuery, 'cursor' | 'limit'>
export const DEFAULT_FILTERS: QueueFilters = { status: 'queued', sort: 'priority' }
export const PAGE_SIZE = 30

type Status = 'idle' | 'loading' | 'ready' | 'error'

export interface DecisionDone {
  outcome: Outcome | 'released'
  reasonCode: RejectReasonCode | NeedsInfoCode | null
  trackingNo: string
}

interface ReviewState {
  /** a call answered 401: the stored token is gone */
  authLost: boolean
  resetAuthLost: () => void
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
  /** claim the given appeal of the list; returns its id or null */
  claimById: (id: string) => Promise<string | null>

  claiming: boolean
  claimError: string | null
  queueEmpty: boolean
  /** claim the next appeal; returns its id, or null (empty queue or error) */
  claim: () => Promise<string | null>

  current: ReviewAppealResponse | null
  currentStatus: Status
  currentError: string | null
  loadAppeal: (id: string) => Promise<void>

  acting: boolean
  actionError: string | null
  done: DecisionDone | null
  decide: (outcome: Outcome, reasonCode?: RejectReasonCode | NeedsInfoCode, note?: string) => Promise<boolean>
  release: () => Promise<boolean>
  clearAction: () => void
  /** the decision (or release) just before the appeal now in hand: shown as a flash after auto-next */
  lastDone: DecisionDone | null
  /** decide, then take the next appeal by the priority rule; stays on the result when the queue is empty */
  decideAndNext: (outcome: Outcome, reasonCode?: RejectReasonCode | NeedsInfoCode, note?: string) => Promise<boolean>
  releaseAndNext: () => Promise<boolean>
  /**
   * J/K on the review screen: hand the appeal in hand back (if still held) and open the next (1) or previous (-1)
   * appeal of the queue list that is still waiting. 'end' when the list has none that way (nothing is released then).
   */
  openAdjacent: (delta: 1 | -1) => Promise<'opened' | 'end' | 'failed'>

  history: HistoryResponse['items']
  historyFor: string | null
  loadHistory: (id: string) => Promise<void>
  audit: AuditEntry[]
  auditFor: string | null
  loadAudit: (id: string) => Promise<void>
}

export const useReview = create<ReviewState>()((set, get) => {
  /** the Chinese message of a failure; a 401 also marks the session lost so pages send the reviewer to log in */
  const fail = (e: unknown): string => {
    const err = toApiError(e)
    if (err.status === 401) set({ authLost: true })
    return err.message
  }
  /** after a decision: remember it, then claim the next appeal; with an empty queue the result stays on screen */
  const advance = async () => {
    const done = get().done
    const prevId = get().current?.id
    const id = await get().claim()
    if (id && id !== prevId) set({ lastDone: done })
  }
  return {
  authLost: false,
  resetAuthLost: () => set({ authLost: false }),
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
  },
  claimById: async (id) => {
    if (get().claiming) return null
    set({ claiming: true, claimError: null, queueEmpty: false })
    try {
      const appeal = await claimAppeal(id)
      set({ claiming: false, current: appeal, currentStatus: 'ready', currentError: null, done: null, actionError: null, lastDone: null })
      return appeal.id
    } catch (e) {
      set({ claiming: false, claimError: fail(e) })
      return null
    }
  },

  claiming: false,
  claimError: null,
  queueEmpty: false,
  claim: async () => {
    if (get().claiming) return null
    set({ claiming: true, claimError: null, queueEmpty: false })
    try {
      const appeal = await claimNext()
      if (!appeal) {
        set({ claiming: false, queueEmpty: true })
        return null
      }
      set({ claiming: false, current: appeal, currentStatus: 'ready', currentError: null, done: null, actionError: null })
      return appeal.id
    } catch (e) {
      set({ claiming: false, claimError: fail(e) })
      return null
    }
  },

  current: null,
  currentStatus: 'idle',
  currentError: null,
  loadAppeal: async (id) => {
    if (get().current?.id === id && get().currentStatus === 'ready') return
    set({ current: null, currentStatus: 'loading', currentError: null, done: null, actionError: null })
    try {
      const appeal = await fetchReviewAppeal(id)
      set({ current: appeal, currentStatus: 'ready' })
    } catch (e) {
      set({ currentStatus: 'error', currentError: fail(e) })
    }
  },

  acting: false,
  actionError: null,
  done: null,
  decide: async (outcome, reasonCode, note) => {
    const a = get().current
    if (!a || get().acting) return false
    set({ acting: true, actionError: null })
    try {
      const updated = await decide(a.id, {
        outcome,
        ...(reasonCode ? { reasonCode } : {}),
        ...(note && note.trim() ? { note: note.trim() } : {})
      })
      set({
        acting: false,
        current: updated && updated.id ? updated : a,
        done: { outcome, reasonCode: reasonCode ?? null, trackingNo: a.trackingNo }
      })
      return true
    } catch (e) {
      set({ acting: false, actionError: fail(e) })
      return false
    }
  },
  release: async () => {
    const a = get().current
    if (!a || get().acting) return false
    set({ acting: true, actionError: null })
    try {
      await release(a.id)
      set({ acting: false, done: { outcome: 'released', reasonCode: null, trackingNo: a.trackingNo } })
      return true
    } catch (e) {
      set({ acting: false, actionError: fail(e) })
      return false
    }
  },
  clearAction: () => set({ actionError: null }),
  lastDone: null,
  decideAndNext: async (outcome, reasonCode, note) => {
    if (!(await get().decide(outcome, reasonCode, note))) return false
    await advance()
    return true
  },
  releaseAndNext: async () => {
    const skipped = get().current?.id
    if (!(await get().release())) return false
    // skip: the released appeal keeps its place in the queue, so take the next one after it, not it again
    const done = get().done
    try {
      const page = await fetchQueue({ status: 'queued', sort: 'priority', limit: 5 })
      const next = (page.items ?? []).find((a) => a.id !== skipped && a.status === 'queued')
      if (next && (await get().claimById(next.id))) {
        set({ lastDone: done })
        return true
      }
      if (!next) {
        // only the skipped one is left: stay on the result
        set({ queueEmpty: true })
        return true
      }
    } catch {
      // fall back to the plain claim below
    }
    await advance()
    return true
  },

  openAdjacent: async (delta) => {
    if (get().claiming || get().acting) return 'failed'
    const current = get().current
    const items = get().items
    const here = current ? items.findIndex((a) => a.id === current.id) : -1
    set({ claiming: true, claimError: null, queueEmpty: false })
    // the list may be stale: take the nearest one that way that can still be claimed (a few tries), and only
    // then hand back the one in hand, so that nothing is released when there is nowhere to go
    let claimed: ReviewAppealResponse | null = null
    let index = -1
    let tries = 0
    for (let i = here >= 0 ? here + delta : delta > 0 ? 0 : items.length - 1; i >= 0 && i < items.length && tries < 5; i += delta) {
      const row = items[i]
      if (row.id === current?.id || row.status !== 'queued') continue
      tries++
      try {
        claimed = await claimAppeal(row.id)
        index = i
        break
      } catch (e) {
        if (toApiError(e).status === 401) {
          set({ claiming: false, claimError: fail(e) })
          return 'failed'
        }
        // decided or taken since the list was loaded: the next one
      }
    }
    if (!claimed) {
      set({ claiming: false })
      return 'end'
    }
    const holding = !!current && current.status === 'in_review' && !get().done
    if (holding) await release(current.id).catch(() => undefined) // else its lease simply runs out
    set({
      claiming: false,
      current: claimed,
      currentStatus: 'ready',
      currentError: null,
      done: null,
      actionError: null,
      lastDone: holding ? { outcome: 'released', reasonCode: null, trackingNo: current.trackingNo } : null,
      cursorIndex: index
    })
    return 'opened'
  },

  history: [],
  historyFor: null,
  loadHistory: async (id) => {
    set({ history: [], historyFor: id })
    try {
      const res = await fetchHistory(id)
      if (get().historyFor === id) set({ history: res.items ?? [] })
    } catch {
      // an older server without the endpoint: the panel stays empty
    }
  },
  audit: [],
  auditFor: null,
  loadAudit: async (id) => {
    set({ audit: [], auditFor: id })
    try {
      const res = await fetchAudit(id)
      if (get().auditFor === id) set({ audit: res.items ?? [] })
    } catch {
      // not a supervisor, or no endpoint
    }
  }
  }
})
