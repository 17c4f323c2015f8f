// Taking an appeal: the next by the priority rule, a chosen row of the list, or the list's neighbour (J/K).
import type { ReviewAppealResponse } from '../../../types/api'
import { toApiError } from '../../services/errors'
import { claimAppeal, claimNext, release } from '../services/api'
import { failWith, type ReviewSlice } from './reviewSlice'

export interface ClaimSlice {
  claiming: boolean
  claimError: string | null
  queueEmpty: boolean
  /** claim the next appeal; returns its id, or null (empty queue or error) */
  claim: () => Promise<string | null>
  /** claim the given appeal of the list; returns its id or null */
  claimById: (id: string) => Promise<string | null>
  /**
   * J/K on the review screen: hand the appeal in hand back (if still held) and open the next (1) or previous (-1)
   * appeal of the queue list that is still waiting. 'end' when the list has none that way (nothing is released then).
   */
  openAdjacent: (delta: 1 | -1) => Promise<'opened' | 'end' | 'failed'>
}

export const claimSlice: ReviewSlice<ClaimSlice> = (set, get) => {
  const fail = failWith(set)
  return {
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
    }
  }
}
