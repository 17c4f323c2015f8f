// The one policy (issue 16): every parameterised rule and every label, defined once for the app and the server.
//
// The numbers below are the built-in defaults. The server enforces its configured values (server/config.ts
// reads the same names from the environment) and serves them at GET /api/v1/policy; the app uses what the
// server served (src/services/policy.ts) and falls back to these only offline. So a changed setting changes
// both sides, and a label or rule has one home instead of a copy per side.
import type { ActorType, AppealStatus, NeedByReason } from '../../types/appeal'
import type { PolicyResponse } from '../../types/api'

export type Policy = PolicyResponse

/** Statuses in which the appeal waits on the city: urging (催办) makes sense only then. */
const WAITING_ON_CITY: AppealStatus[] = ['queued', 'in_review']

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  evidenceMaxAgeHours: 72,
  testMinGapHours: 24,
  maxNegativeTests: 5,
  statementMaxChars: 500,
  slaHours: 24,
  urgeStatuses: WAITING_ON_CITY,
  urgeIntervalHours: 12,
  needsInfoTimeoutDays: 7,
  needByCloseHours: 48
})

/** The settings a server config may change; the rest of the policy is fixed in code. */
export interface PolicySettings {
  evidenceMaxAgeHours: number
  slaHours: number
  urgeIntervalHours: number
  needsInfoTimeoutDays: number
}

/** The policy a server with these settings enforces. */
export function policyFrom(settings: PolicySettings): Policy {
  return {
    ...DEFAULT_POLICY,
    urgeStatuses: [...DEFAULT_POLICY.urgeStatuses],
    evidenceMaxAgeHours: settings.evidenceMaxAgeHours,
    slaHours: settings.slaHours,
    urgeIntervalHours: settings.urgeIntervalHours,
    needsInfoTimeoutDays: settings.needsInfoTimeoutDays
  }
}

/** Whether the citizen may urge an appeal in this status (the interval is checked on top). */
export function urgeAllowed(status: string, policy: Pick<Policy, 'urgeStatuses'> = DEFAULT_POLICY): boolean {
  return (policy.urgeStatuses as readonly string[]).includes(status)
}

/**
 * The queue's sort key, lowest first: the priority tier, then the oldest submission, then the id for a total
 * order. The server's ORDER BY, its keyset cursor, the position count and the app's comparator all read this.
 */
export const QUEUE_SORT_KEY = ['priority', 'created_at', 'id'] as const

// ---- labels ----

interface StatusWording {
  /** the app's chip and titles (我的申诉, 审核台) */
  label: string
  /** the WeChat subscribe message's phrase field: at most 5 characters */
  phrase: string
  /** the test site's receipt page: says where the case stands */
  receipt: string
}

/** One row per status: the three places a status is worded, side by side. */
export const STATUS_WORDING: Record<AppealStatus, StatusWording> = {
  queued: { label: '排队待审', phrase: '已受理', receipt: '已受理，排队审核中' },
  in_review: { label: '审核中', phrase: '审核中', receipt: '审核中' },
  needs_info: { label: '待补充材料', phrase: '待补充', receipt: '待补充材料' },
  approved: { label: '已通过', phrase: '已通过', receipt: '已通过' },
  rejected: { label: '未通过', phrase: '未通过', receipt: '已办结（未通过）' },
  withdrawn: { label: '已撤回', phrase: '已撤回', receipt: '已撤回' }
}

function byStatus(pick: keyof StatusWording): Record<AppealStatus, string> {
  return Object.fromEntries(Object.entries(STATUS_WORDING).map(([s, w]) => [s, w[pick]])) as Record<AppealStatus, string>
}

export const STATUS_LABELS: Record<AppealStatus, string> = byStatus('label')
export const STATUS_PHRASES: Record<AppealStatus, string> = byStatus('phrase')
export const RECEIPT_STATUS_TEXT: Record<AppealStatus, string> = byStatus('receipt')

/** A timeline event in plain Chinese (the progress page); server and app record both verb and past forms. */
export const EVENT_LABELS: Record<string, string> = {
  submitted: '提交申诉',
  created: '提交申诉',
  claimed: '审核员开始审核',
  claim: '审核员开始审核',
  released: '退回队列等待审核',
  release: '退回队列等待审核',
  lease_expired: '退回队列等待审核',
  expire_lease: '退回队列等待审核',
  approved: '审核通过',
  approve: '审核通过',
  rejected: '审核未通过',
  reject: '审核未通过',
  needs_info: '需要补充材料',
  request_info: '需要补充材料',
  info_requested: '需要补充材料',
  supplemented: '已补充材料',
  supplement: '已补充材料',
  withdrawn: '已撤回申诉',
  withdraw: '已撤回申诉',
  timeout_needs_info: '补充材料超时',
  needs_info_timeout: '补充材料超时，申诉结束',
  // events that keep the status (from = to): without a label they would read as a status change
  self_cleared: '反馈弹窗已消失，申诉结束',
  urged: '申诉人催办',
  rated: '已评价',
  reassigned: '转交其他审核员',
  evidence_purged: '截图已按保存期限删除',
  deleted_by_citizen: '申诉人已删除申诉资料',
  // the end of the loop (issue 12): the operator's events read as 健康宝运营方 (ACTOR_LABELS.operator)
  handed_over: '已转交健康宝运营方',
  popup_cleared: '确认弹窗已解除',
  popup_not_cleared: '未能解除弹窗',
  still_popped: '反馈弹窗还在，重新排队审核',
  // a supervisor's answer to a correction the operator could not apply
  correction_retried: '重新转交健康宝运营方',
  reopened: '转回审核员重新审核'
}

/** Steps that keep the status (issue 12): the subscribe message's own phrase, ≤ 5 characters. */
export const EVENT_PHRASES: Record<string, string> = {
  handed_over: '已转运营方',
  popup_cleared: '弹窗已解除',
  popup_not_cleared: '未能解除',
  still_popped: '重新审核'
}

export const ACTOR_LABELS: Record<ActorType, string> = {
  citizen: '申诉人',
  reviewer: '审核员',
  system: '系统',
  operator: '健康宝运营方'
}

/** Why the popup must be gone by a date: the citizen's words (form) and the reviewer's short tag. */
export const NEED_BY_WORDING: Record<NeedByReason, { label: string; short: string }> = {
  train: { label: '乘火车', short: '火车' },
  flight: { label: '乘飞机', short: '航班' },
  exam: { label: '参加考试', short: '考试' },
  hospital: { label: '去医院就医', short: '就医' },
  work: { label: '上班', short: '上班' }
}

export const NEED_BY_LABELS = Object.fromEntries(
  Object.entries(NEED_BY_WORDING).map(([r, w]) => [r, w.label])
) as Record<NeedByReason, string>
export const NEED_BY_SHORT_LABELS = Object.fromEntries(
  Object.entries(NEED_BY_WORDING).map(([r, w]) => [r, w.short])
) as Record<NeedByReason, string>

// ---- sentences that state a rule: built from the policy so they say the number that is enforced ----

export function hoursText(hours: number): string {
  return `${hours} 小时`
}

/** The form's hint under the test screenshots. */
export function recentTestHint(policy: Pick<Policy, 'evidenceMaxAgeHours'> = DEFAULT_POLICY): string {
  return `上传最近一次核酸阴性结果（${hoursText(policy.evidenceMaxAgeHours)}内采样）。`
}

export function twoTestsHint(policy: Pick<Policy, 'testMinGapHours'> = DEFAULT_POLICY): string {
  return `此类弹窗需要两次核酸阴性结果，两次采样间隔 ${hoursText(policy.testMinGapHours)}以上。`
}

/** Medicine popups: the test that clears them is taken within this window after the purchase. */
export function afterPurchaseText(policy: Pick<Policy, 'evidenceMaxAgeHours'> = DEFAULT_POLICY): string {
  return `购药后 ${hoursText(policy.evidenceMaxAgeHours)}内做一次核酸`
}
