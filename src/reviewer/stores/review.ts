// The reviewer's work: the queue, the appeal in hand, and the decision just made.
import { create } from 'zustand'
import type { NeedsInfoCode, Outcome, RejectReasonCode } from '../../../types/appeal'
import type { AppealSummary, ReviewAppealResponse } from '../../../types/api'
import { toApiError } from '../../services/errors'
import { claimNext, decide, fetchQueue, fetchReviewAppeal, release } from '../services/api'

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
  loadQueue: () => Promise<void>

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
}

export const useReview = create<ReviewState>()((set, get) => {
  /** the Chinese message of a failure; a 401 also marks the session lost so pages send the reviewer to log in */
  const fail = (e: unknown): string => {
    const err = toApiError(e)
    if (err.status === 401) set({ authLost: true })
    return err.message
  }
  return {
  authLost: false,
  resetAuthLost: () => set({ authLost: false }),
  counts: {},
  items: [],
  queueStatus: 'idle',
  queueError: null,
  loadQueue: async () => {
    set({ queueStatus: 'loading', queueError: null })
    try {
      const res = await fetchQueue()
      set({ counts: res.counts ?? {}, items: res.items ?? [], queueStatus: 'ready' })
    } catch (e) {
      set({ queueStatus: 'error', queueError: fail(e) })
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
  clearAction: () => set({ actionError: null })
  }
})
