// What the citizen's progress page derives from an appeal: when each stage was reached,
// and how a timeline event reads. Pure; no Taro, no React.
import type { ActorType, Appeal, AppealStatus, TimelineEvent } from '../../types/appeal'
import { STAGES, STATUS_LABELS, stageOf } from './stages'

export interface StageView {
  label: (typeof STAGES)[number]
  /** reached (or passed) */
  done: boolean
  /** the stage the appeal is in now */
  current: boolean
  /** when the stage was reached, ISO, if known */
  at: string | null
}

type StageSource = Pick<Appeal, 'status' | 'createdAt' | 'timeline' | 'decision'> & Partial<Pick<Appeal, 'updatedAt'>>

/** First time the timeline reached a status that belongs to the stage. */
function firstAtStage(timeline: TimelineEvent[], stage: number): string | null {
  const hit = timeline.find((e) => e.to !== null && stageOf(e.to) === stage)
  return hit ? hit.at : null
}

export function stageViews(appeal: StageSource): StageView[] {
  const now = stageOf(appeal.status)
  const timeline = appeal.timeline ?? []
  return STAGES.map((label, i) => {
    let at: string | null = null
    if (i === 0) at = appeal.createdAt
    else if (i <= now) {
      at = firstAtStage(timeline, i)
      if (!at && i === 2) at = appeal.decision?.decidedAt ?? appeal.updatedAt ?? null
    }
    return { label, done: i <= now, current: i === now, at }
  })
}

const EVENT_LABELS: Record<string, string> = {
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

export const ACTOR_LABELS: Record<ActorType, string> = {
  citizen: '申诉人',
  reviewer: '审核员',
  system: '系统',
  operator: '健康宝运营方'
}

/** A plain-Chinese line for one timeline event. */
export function eventLabel(e: Pick<TimelineEvent, 'type' | 'to'>): string {
  const known = EVENT_LABELS[e.type]
  if (known) return known
  if (e.to) return `状态变为「${STATUS_LABELS[e.to as AppealStatus] ?? e.to}」`
  return e.type
}
