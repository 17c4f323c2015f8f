// The end of the loop (issue 12): an approved appeal becomes a correction that the health-code operator
// pulls (or receives by webhook, or in an offline batch) and acknowledges; the citizen follows it until the
// popup is confirmed gone. The names in this file are the public contract: keep them.

/** Where the citizen's correction stands; null on an appeal that was never approved. */
export const CORRECTION_STATUSES = ['waiting', 'handed_over', 'cleared', 'not_cleared'] as const
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number]

/** What an operator answers for a correction it pulled. */
export const ACK_RESULTS = ['cleared', 'not_found', 'refused'] as const
export type AckResult = (typeof ACK_RESULTS)[number]

/** On the citizen's appeal (GET /api/v1/appeals/:id): `correction`. */
export interface Correction {
  status: CorrectionStatus
  /** when an operator first pulled (or was sent) the current attempt */
  handedOverAt?: string
  /** when the operator confirmed the popup cleared */
  clearedAt?: string
  /** the operator's note on not_found / refused, or the supervisor's reason shown to the citizen */
  note?: string
  /** 1 for the first hand-over; + 1 after each 「弹窗还在」 reopening and new approval */
  attempt: number
  /** from when the citizen may say 「弹窗还在」 (cleared: at once; handed over: 24 h later); null when not allowed */
  stillPoppedAvailableAt?: string | null
}

/** One item of GET /api/v1/operator/corrections: the full identity, only to operator keys. */
export interface CorrectionItem {
  id: string
  appealId: string
  trackingNo: string
  category: string
  triggerDate: string | null
  decidedAt: string
  person: { name: string; idNumber: string; phone: string }
  negativeTests: Array<{ sampledAt: string }>
  attempt: number
}

/** GET /api/v1/operator/corrections?after=<cursor>&limit=<n> */
export interface CorrectionFeed {
  items: CorrectionItem[]
  next: string | null
}

/** POST /api/v1/operator/corrections/:id/ack */
export interface AckRequest {
  result: AckResult
  note?: string
}

export interface AckResponse {
  id: string
  result: AckResult
  acknowledgedAt: string
}

/** POST /api/v1/appeals/:id/still-popped — the citizen says the popup still shows */
export interface StillPoppedRequest {
  note?: string
}

/** What a supervisor sees of a correction the operator could not apply (not_found / refused). */
export interface CorrectionProblem {
  id: string
  appealId: string
  trackingNo: string
  district: string
  result: Exclude<AckResult, 'cleared'>
  note: string | null
  operator: string
  acknowledgedAt: string
  attempt: number
}

/** Timeline event types added by the correction flow (actor: the operator's name, shown as 健康宝运营方). */
export const CORRECTION_EVENTS = ['handed_over', 'popup_cleared', 'popup_not_cleared', 'still_popped'] as const

/** POST /api/v1/review/corrections/:id/retry (supervisor) — re-approve: a new attempt goes back into the feed */
export interface CorrectionRetryResponse {
  /** the new correction */
  id: string
  appealId: string
  attempt: number
}

/** POST /api/v1/review/corrections/:id/reject (supervisor) — reject the appeal with a reason the citizen sees */
export interface CorrectionRejectRequest {
  /** one of REJECT_REASON_CODES (types/appeal.ts) */
  reasonCode: string
  note?: string
}

/** From the approval: how long after a hand-over without an answer the citizen may say 「弹窗还在」. */
export const STILL_POPPED_WAIT_HOURS = 24
