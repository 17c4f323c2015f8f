import type { AppealStatus } from '../../types/appeal'
import { DEFAULT_POLICY, urgeAllowed, type Policy } from './policy'

/** Everything that can happen to an appeal. */
export type AppealAction =
  | 'claim'
  | 'release'
  | 'expire_lease'
  | 'approve'
  | 'reject'
  | 'request_info'
  | 'supplement'
  | 'withdraw'
  | 'self_clear'
  | 'timeout_needs_info'
  // after an approval, while the correction travels to the health-code operator (issue 12)
  | 'still_popped'
  | 'reopen'
  | 'correction_reject'

/**
 * Actions that keep the status: a supervisor hands an appeal under review to another reviewer. They are in
 * the table so the server asks it like any other action, but they write no status change (no timeline
 * transition, no notification), so allowedActions — the citizen's and reviewer's buttons — leaves them out.
 */
export type HolderAction = 'reassign'
const HOLDER_ACTIONS: readonly string[] = ['reassign'] satisfies HolderAction[]

/**
 * The one transition table: from-status → action → to-status.
 * The server refuses anything not listed; the app shows only the buttons listed.
 */
const TABLE: Record<AppealStatus, Partial<Record<AppealAction | HolderAction, AppealStatus>>> = {
  // self_clear: the citizen reports 弹窗已消失; allowed even mid-review, the reviewer's work is moot
  queued: { claim: 'in_review', withdraw: 'withdrawn', self_clear: 'withdrawn' },
  in_review: {
    self_clear: 'withdrawn',
    release: 'queued',
    expire_lease: 'queued',
    approve: 'approved',
    reject: 'rejected',
    request_info: 'needs_info',
    reassign: 'in_review'
  },
  needs_info: { supplement: 'queued', withdraw: 'withdrawn', self_clear: 'withdrawn', timeout_needs_info: 'rejected' },
  // still_popped: the citizen says the popup still shows (server checks the correction's timing) — back to the
  // head of the queue; reopen: a supervisor hands an appeal the operator could not clear to a reviewer;
  // correction_reject: a supervisor rejects it instead, with a reason the citizen sees
  approved: { still_popped: 'queued', reopen: 'in_review', correction_reject: 'rejected' },
  rejected: {},
  withdrawn: {}
}

export function canTransition(status: AppealStatus, action: AppealAction | HolderAction): boolean {
  return TABLE[status][action] !== undefined
}

/** The status after the action, or null when the table forbids it. */
export function nextStatus(status: AppealStatus, action: AppealAction | HolderAction): AppealStatus | null {
  return TABLE[status][action] ?? null
}

/** The actions that move the appeal (holder changes excluded: see HolderAction). */
export function allowedActions(status: AppealStatus): AppealAction[] {
  return Object.keys(TABLE[status]).filter((a) => !HOLDER_ACTIONS.includes(a)) as AppealAction[]
}

/** Actions that may follow a decision without making the appeal open for review again by themselves. */
const AFTER_DECISION: readonly AppealAction[] = ['still_popped', 'reopen', 'correction_reject']

/**
 * Decided or ended: no review step is pending. An approved appeal stays closed in this sense while its
 * correction travels to the operator (it may be rated; it cannot be withdrawn), even though 「弹窗还在」 or a
 * supervisor can still move it.
 */
export function isClosed(status: AppealStatus): boolean {
  return allowedActions(status).every((a) => AFTER_DECISION.includes(a))
}

export const OUTCOME_ACTIONS = {
  approved: 'approve',
  rejected: 'reject',
  needs_info: 'request_info'
} as const satisfies Record<'approved' | 'rejected' | 'needs_info', AppealAction>

/**
 * What the citizen may do, by status: the app shows exactly these buttons (urge, rate and still_popped have
 * time rules on top; still_popped also needs appeal.correction.stillPoppedAvailableAt to have passed).
 */
export type CitizenAction = 'withdraw' | 'self_clear' | 'supplement' | 'urge' | 'rate' | 'still_popped'

export function citizenActions(status: AppealStatus, policy: Pick<Policy, 'urgeStatuses'> = DEFAULT_POLICY): CitizenAction[] {
  const fromTable = allowedActions(status).filter(
    (a): a is 'withdraw' | 'self_clear' | 'supplement' => a === 'withdraw' || a === 'self_clear' || a === 'supplement'
  )
  const extra: CitizenAction[] = isClosed(status) ? ['rate'] : urgeAllowed(status, policy) ? ['urge'] : []
  const reopen: CitizenAction[] = canTransition(status, 'still_popped') ? ['still_popped'] : []
  return [...fromTable, ...extra, ...reopen]
}
