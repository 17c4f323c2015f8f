// What the review store's slices share: the whole state's type, the way a slice is written, and how a failure
// becomes a message (a 401 also marks the session lost, so pages send the reviewer to log in).
import type { StateCreator } from 'zustand'
import type { NeedsInfoCode, Outcome, RejectReasonCode } from '../../../types/appeal'
import { toApiError } from '../../services/errors'
import type { QueueSlice } from './reviewQueue'
import type { ClaimSlice } from './reviewClaim'
import type { DecisionSlice } from './reviewDecision'
import type { RecordsSlice } from './reviewRecords'

export type Status = 'idle' | 'loading' | 'ready' | 'error'

export interface DecisionDone {
  outcome: Outcome | 'released'
  reasonCode: RejectReasonCode | NeedsInfoCode | null
  trackingNo: string
}

export interface AuthSlice {
  /** a call answered 401: the stored token is gone */
  authLost: boolean
  resetAuthLost: () => void
}

export type ReviewState = AuthSlice & QueueSlice & ClaimSlice & DecisionSlice & RecordsSlice

/** A slice: its own state and the actions beside it, reading and writing the whole store. */
export type ReviewSlice<T> = StateCreator<ReviewState, [], [], T>

type SetReview = Parameters<ReviewSlice<unknown>>[0]

/** The Chinese message of a failure; a 401 also sets `authLost`. */
export function failWith(set: SetReview) {
  return (e: unknown): string => {
    const err = toApiError(e)
    if (err.status === 401) set({ authLost: true })
    return err.message
  }
}
