// The reviewer's work: the queue, the appeal in hand, and the decision just made — one store made of slices
// (queue list, claiming, the decision, the records beside it), each with its actions beside its state.
import { create } from 'zustand'
import { queueSlice } from './reviewQueue'
import { claimSlice } from './reviewClaim'
import { decisionSlice } from './reviewDecision'
import { recordsSlice } from './reviewRecords'
import type { ReviewState } from './reviewSlice'

export type { DecisionDone, ReviewState } from './reviewSlice'
export { DEFAULT_FILTERS, PAGE_SIZE, type QueueFilters } from './reviewQueue'

export const useReview = create<ReviewState>()((...a) => ({
  authLost: false,
  resetAuthLost: () => a[0]({ authLost: false }),
  ...queueSlice(...a),
  ...claimSlice(...a),
  ...decisionSlice(...a),
  ...recordsSlice(...a)
}))
