import type { AppealStatus } from '../../types/appeal'
import type { Correction } from '../../types/correction'

/** The three stages a citizen sees, like a 12345 case: 已提交 → 审核中 → 已办结. */
export const STAGES = ['已提交', '审核中', '已办结'] as const

// the labels live with the server's other wordings of a status in the one policy (issue 16)
import { STATUS_LABELS } from './policy'
export { STATUS_LABELS }

/** Index into STAGES of the stage the status belongs to. */
export function stageOf(status: AppealStatus): number {
  switch (status) {
    case 'queued':
      return 0
    case 'in_review':
    case 'needs_info':
      return 1
    default:
      return 2
  }
}

// ---- The end of the loop (issue 12): after approval the correction travels to the health-code operator.
// Pure so the detail page, the list, the receipt page and the unit tests read one rule.

/** A correction as the app may receive it: absent on servers (and appeals) from before the loop. */
export type MaybeCorrection = Correction | null | undefined

export interface CorrectionStep {
  key: 'approved' | 'handed_over' | 'outcome'
  label: string
  done: boolean
  current: boolean
  /** ISO instant the step was reached, when known */
  at: string | null
  /** the line under the label when there is no time (or beside it) */
  detail: string | null
  /** the outcome step: cleared is good news, not_cleared is not */
  tone: 'ok' | 'bad' | null
}

/** What a not_cleared citizen can do: the operator's note says why, this says what next. */
export const NOT_CLEARED_NEXT =
  '工作人员会核实后重新提交或联系您；如需帮助可拨打 12345。解除前凭证二维码仍然有效，检测点不得拒绝为您检测。'

/** 已通过 → 已转健康宝 → 弹窗已解除 / 未能解除, each with the time it was reached. */
export function correctionSteps(approvedAt: string | null, c: Correction): CorrectionStep[] {
  const handed = c.status !== 'waiting'
  const ended = c.status === 'cleared' || c.status === 'not_cleared'
  const outcome: CorrectionStep =
    c.status === 'cleared'
      ? { key: 'outcome', label: '弹窗已解除', done: true, current: true, at: c.clearedAt ?? null, detail: '健康宝运营方已确认解除，请刷新健康宝查看', tone: 'ok' }
      : c.status === 'not_cleared'
        ? { key: 'outcome', label: '未能解除', done: true, current: true, at: null, detail: c.note ? `原因：${c.note}` : '健康宝运营方未能解除弹窗', tone: 'bad' }
        : { key: 'outcome', label: '解除弹窗', done: false, current: false, at: null, detail: '等待健康宝运营方处理', tone: null }
  return [
    { key: 'approved', label: '已通过', done: true, current: false, at: approvedAt, detail: null, tone: null },
    {
      key: 'handed_over',
      label: '已转健康宝',
      done: handed,
      current: c.status === 'waiting' || c.status === 'handed_over',
      at: handed ? c.handedOverAt ?? null : null,
      detail: handed ? (ended ? null : '健康宝运营方正在处理') : '等待转交健康宝运营方',
      tone: null
    },
    outcome
  ]
}

/** Where the correction is, for the status chip of 我的申诉 and the receipt; null before approval. */
export function correctionLabel(status: AppealStatus, c: MaybeCorrection): string | null {
  if (status !== 'approved' || !c) return null
  switch (c.status) {
    case 'waiting':
      return '已通过，待转健康宝'
    case 'handed_over':
      return '已转健康宝'
    case 'cleared':
      return '弹窗已解除'
    case 'not_cleared':
      return '未能解除'
  }
}

/** The short chip text of a list row: the correction stage where it applies, else the appeal status. */
export function chipLabel(status: AppealStatus, c: MaybeCorrection): string {
  if (status === 'approved' && c && c.status !== 'waiting') return correctionLabel(status, c)!
  return STATUS_LABELS[status]
}

/** The chip's colour and icon: 未能解除 looks like a status that needs attention, not like 已通过's ✓. */
export function chipLook(status: AppealStatus, c: MaybeCorrection): AppealStatus | undefined {
  return status === 'approved' && c?.status === 'not_cleared' ? 'needs_info' : undefined
}

/**
 * The 凭证 QR is valid from submission until the popup is confirmed cleared (or the appeal is rejected or
 * withdrawn): the server's rule for GET /appeals/:id/receipt, so the app never offers a dead receipt.
 */
export function receiptValid(status: AppealStatus, c: MaybeCorrection): boolean {
  if (status === 'rejected' || status === 'withdrawn') return false
  return !(status === 'approved' && c?.status === 'cleared')
}

/** Whether the progress page should keep polling: the appeal is open, or its correction is still travelling. */
export function stillMoving(status: AppealStatus, c: MaybeCorrection, closed: boolean): boolean {
  if (!closed) return true
  return status === 'approved' && !!c && (c.status === 'waiting' || c.status === 'handed_over')
}

/** 「弹窗还在？」: offered now, from a later time, or not at all (the server's stillPoppedAvailableAt decides). */
export type StillPopped = { kind: 'now' } | { kind: 'later'; at: string } | null

export function stillPoppedState(status: AppealStatus, c: MaybeCorrection, now: number = Date.now()): StillPopped {
  if (status !== 'approved' || !c?.stillPoppedAvailableAt) return null
  const at = Date.parse(c.stillPoppedAvailableAt)
  if (!Number.isFinite(at)) return null
  return at <= now ? { kind: 'now' } : { kind: 'later', at: c.stillPoppedAvailableAt }
}

/**
 * The appeal was reopened by 「弹窗还在」 and has not been decided again yet: the newest still_popped
 * event is later than the newest decision.
 */
export function reopenedAt(timeline: ReadonlyArray<{ at: string; type: string }>, status: AppealStatus): string | null {
  if (status === 'approved' || status === 'rejected' || status === 'withdrawn') return null
  let last: string | null = null
  for (const e of timeline) if (e.type === 'still_popped' && (!last || e.at > last)) last = e.at
  return last
}
