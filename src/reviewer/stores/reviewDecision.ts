// The appeal in hand and what the reviewer does with it: decide or release, then (auto-next) take the next one.
import type { NeedsInfoCode, Outcome, RejectReasonCode } from '../../../types/appeal'
import type { ReviewAppealResponse } from '../../../types/api'
import { decide, fetchQueue, fetchReviewAppeal, release } from '../services/api'
import { failWith, type DecisionDone, type ReviewSlice, type Status } from './reviewSlice'

type Decide = (outcome: Outcome, reasonCode?: RejectReasonCode | NeedsInfoCode, note?: string) => Promise<boolean>

export interface DecisionSlice {
  current: ReviewAppealResponse | null
  currentStatus: Status
  currentError: string | null
  loadAppeal: (id: string) => Promise<void>

  acting: boolean
  actionError: string | null
  done: DecisionDone | null
  decide: Decide
  release: () => Promise<boolean>
  clearAction: () => void
  /** the decision (or release) just before the appeal now in hand: shown as a flash after auto-next */
  lastDone: DecisionDone | null
  /** decide, then take the next appeal by the priority rule; stays on the result when the queue is empty */
  decideAndNext: Decide
  releaseAndNext: () => Promise<boolean>
}

export const decisionSlice: ReviewSlice<DecisionSlice> = (set, get) => {
  const fail = failWith(set)
  /** after a decision: remember it, then claim the next appeal; with an empty queue the result stays on screen */
  const advance = async () => {
    const done = get().done
    const prevId = get().current?.id
    const id = await get().claim()
    if (id && id !== prevId) set({ lastDone: done })
  }
  return {
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
    }
  }
}
