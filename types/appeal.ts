// The shapes both the Taro app and the API server mean by an appeal.
import type { Correction } from './correction'

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

/** operator: the health-code operator's machine client (issue 12), shown as 健康宝运营方 */
export type ActorType = 'citizen' | 'reviewer' | 'system' | 'operator'

/** Why a citizen needs the popup gone by a date; such appeals move up the queue as the date nears. */
export const NEED_BY_REASONS = ['train', 'flight', 'exam', 'hospital', 'work'] as const
export type NeedByReason = (typeof NEED_BY_REASONS)[number]

export interface NeedBy {
  /** YYYY-MM-DD, Beijing date */
  date: string
  reason: NeedByReason
}

/** Why a withdrawn appeal was closed by its citizen. */
export const WITHDRAW_REASONS = ['self_cleared', 'other'] as const
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number]

export interface QueueInfo {
  /** appeals ahead of this one in its district under the priority rule (0 = next) */
  position: number
  /** expected minutes until a decision, from the recent decision rate; null while there is no rate yet */
  etaMinutes: number | null
}

export interface Rating {
  score: 1 | 2 | 3 | 4 | 5
  comment: string | null
  at: string
}

/** Signals the reviewer sees beside an appeal. */
export interface AppealFlags {
  blockedFromTesting: boolean
  needBy: NeedBy | null
  urged: boolean
  overdue: boolean
  /** another citizen's appeal carries the same (or a near-identical) screenshot */
  reusedScreenshot: boolean
  linkedAppealIds: string[]
  /** the 查询码 of each of linkedAppealIds, same order; given by the single-appeal review view (not the queue list) */
  linkedTrackingNos?: string[]
  /** the citizen reopened this appeal with 「弹窗还在」 after an approval (issue 12): it went to the head of the queue */
  stillPopped: boolean
  /** a screenshot's reading disagrees with what was typed (issue 13): the queue filter 「截图与填写不符」 */
  shotMismatch: boolean
}

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
  /** operator events: the operator client's name (who handed over / acknowledged) */
  actorName?: string
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
  /** the day the popup was triggered (medicine: purchase date), YYYY-MM-DD; optional */
  triggerDate: string | null
  /** the citizen was turned away at a test site: the popup screenshot alone may do */
  blockedFromTesting: boolean
  needBy: NeedBy | null
  popupShot: string
  negativeTests: NegativeTest[]
  /** masked unless the reader is the reviewer holding the appeal */
  applicant: Applicant
  statement: string
  createdAt: string
  updatedAt: string
  timeline: TimelineEvent[]
  decision: Decision | null
  /** when a decision is due (SLA) and whether that time has passed while still open */
  dueAt: string
  overdue: boolean
  /** present while status is queued */
  queue: QueueInfo | null
  /** when the citizen last urged (催办), and from when they may urge again */
  urgedAt: string | null
  urgeAvailableAt: string | null
  withdrawReason: WithdrawReason | null
  rating: Rating | null
  /** the hand-over to the health-code operator (issue 12); null before approval and while a reopened appeal awaits a new decision */
  correction: Correction | null
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
  dueAt: string
  overdue: boolean
  flags?: AppealFlags
  /** the citizen's own list (GET /appeals) carries it, for the status chip; see Appeal.correction */
  correction?: Correction | null
}

/** What a reviewer sees of an appeal they hold. */
export interface ReviewAppeal extends Appeal {
  leaseUntil: string | null
  claimedBy: string | null
  flags: AppealFlags
}
