import type { AppealStatus } from '../../types/appeal'

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

/**
 * The one transition table: from-status → action → to-status.
 * The server refuses anything not listed; the app shows only the buttons listed.
 */
const TABLE: Record<AppealStatus, Partial<Record<AppealAction, AppealStatus>>> = {
  // self_clear: the citizen reports 弹窗已消失; allowed even mid-review, the reviewer's work is moot
  queued: { claim: 'in_review', withdraw: 'withdrawn', self_clear: 'withdrawn' },
  in_review: {
    self_clear: 'withdrawn',
    release: 'queued',
    expire_lease: 'queued',
    approve: 'approved',
    reject: 'rejected',
    request_info: 'needs_info'
  },
  needs_info: { supplement: 'queued', withdraw: 'withdrawn', self_clear: 'withdrawn', timeout_needs_info: 'rejected' },
  approved: {},
  rejected: {},
  withdrawn: {}
}

export function canTransition(status: AppealStatus, action: AppealAction): boolean {
  return TABLE[status][action] !== undefined
}

/** The status after the action, or null when the table forbids it. */
export function nextStatus(status: AppealStatus, action: AppealAction): AppealStatus | null {
  return TABLE[status][action] ?? null
}

export function allowedActions(status: AppealStatus): AppealAction[] {
  return Object.keys(TABLE[status]) as AppealAction[]
}

export function isClosed(status: AppealStatus): boolean {
  return allowedActions(status).length === 0
}

export const OUTCOME_ACTIONS = {
  approved: 'approve',
  rejected: 'reject',
  needs_info: 'request_info'
} as const satisfies Record<'approved' | 'rejected' | 'needs_info', AppealAction>

/** What the citizen may do, by status: the app shows exactly these buttons (urge and rate have time rules on top). */
export type CitizenAction = 'withdraw' | 'self_clear' | 'supplement' | 'urge' | 'rate'

export function citizenActions(status: AppealStatus): CitizenAction[] {
  const fromTable = allowedActions(status).filter(
    (a): a is 'withdraw' | 'self_clear' | 'supplement' => a === 'withdraw' || a === 'self_clear' || a === 'supplement'
  )
  const extra: CitizenAction[] = isClosed(status) ? ['rate'] : status === 'queued' || status === 'in_review' ? ['urge'] : []
  return [...fromTable, ...extra]
}
