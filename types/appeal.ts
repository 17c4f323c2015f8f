// The shapes both the Taro app and the API server mean by an appeal.

export const APPEAL_STATUSES = ['queued', 'in_review', 'needs_info', 'approved', 'rejected', 'withdrawn'] as const
export type AppealStatus = (typeof APPEAL_STATUSES)[number]

export const CATEGORIES = ['travel', 'trajectory', 'medicine', 'unknown'] as const
export type Category = (typeof CATEGORIES)[number]

export const OUTCOMES = ['approved', 'rejected', 'needs_info'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const REJECT_REASON_CODES = [
  'screenshot_unreadable',
  'not_negative',
  'test_too_old',
  'test_before_trigger',
  'identity_mismatch',
  'not_a_popup',
  'duplicate',
  'no_supplement',
  'other'
] as const
export type RejectReasonCode = (typeof REJECT_REASON_CODES)[number]

export const NEEDS_INFO_CODES = ['popup_shot', 'negative_test', 'second_test', 'identity', 'other'] as const
export type NeedsInfoCode = (typeof NEEDS_INFO_CODES)[number]

export type ReasonCode = RejectReasonCode | NeedsInfoCode | 'verified'

export type ActorType = 'citizen' | 'reviewer' | 'system'

export interface NegativeTest {
  /** upload id of the negative-test screenshot */
  shot: string
  /** ISO-8601 instant the sample was taken */
  sampledAt: string
}

export interface Applicant {
  name: string
  idNumber: string
  phone: string
}

export interface TimelineEvent {
  at: string
  type: string
  from: AppealStatus | null
  to: AppealStatus | null
  actor: ActorType
  note: string | null
}

export interface Decision {
  outcome: Outcome
  reasonCode: ReasonCode | null
  note: string | null
  decidedAt: string
}

export interface Appeal {
  id: string
  trackingNo: string
  status: AppealStatus
  category: Category
  district: string
  popupShot: string
  negativeTests: NegativeTest[]
  /** masked unless the reader is the reviewer holding the appeal */
  applicant: Applicant
  statement: string
  createdAt: string
  updatedAt: string
  timeline: TimelineEvent[]
  decision: Decision | null
}

/** A row of a list: no timeline, no evidence, masked applicant. */
export interface AppealSummary {
  id: string
  trackingNo: string
  status: AppealStatus
  category: Category
  district: string
  createdAt: string
  updatedAt: string
  decision: Decision | null
}

/** What a reviewer sees of an appeal they hold. */
export interface ReviewAppeal extends Appeal {
  leaseUntil: string | null
  claimedBy: string | null
}
