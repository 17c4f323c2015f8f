// What the progress page says about time: queue position, due time, when urging is allowed. Pure.
import type { Appeal } from '../../types/appeal'
import { formatDateTime, fromNow } from './time'

export function queueText(queue: Appeal['queue']): { position: string; eta: string } | null {
  if (!queue) return null
  const position = queue.position === 0 ? '下一个就轮到您' : `前面还有 ${queue.position} 件申诉`
  // without an estimate, say what is known rather than "cannot estimate" next to "you are next"
  let eta = queue.position === 0 ? '工作人员处理完手头的申诉就审核您的' : '处理时间暂时无法估计，请以下方的承诺办结时间为准'
  if (queue.etaMinutes !== null) {
    eta =
      queue.etaMinutes < 60
        ? `预计 ${Math.max(1, Math.round(queue.etaMinutes))} 分钟内审核`
        : `预计 ${Math.round(queue.etaMinutes / 60)} 小时内审核`
  }
  return { position, eta }
}

export function dueText(a: Pick<Appeal, 'dueAt' | 'overdue'>, now: Date = new Date()): string {
  if (a.overdue) return `承诺办结时间 ${formatDateTime(a.dueAt)} 已过（超时 ${fromNow(a.dueAt, now).replace('前', '')}），可以催办`
  return `承诺 ${formatDateTime(a.dueAt)} 前办结（${fromNow(a.dueAt, now)}）`
}

/** null when the citizen may urge now; otherwise the sentence saying from when. */
export function urgeWait(a: Pick<Appeal, 'urgeAvailableAt'>, now: Date = new Date()): string | null {
  if (!a.urgeAvailableAt) return null
  const at = new Date(a.urgeAvailableAt).getTime()
  if (!Number.isFinite(at) || at <= now.getTime()) return null
  return `已催办，${formatDateTime(a.urgeAvailableAt)} 后可再次催办`
}

/** Polling interval while the page is open: quick at first, slower while nothing changes. */
export function nextPollMs(previousMs: number | null, changed: boolean, minMs = 5_000, maxMs = 60_000): number {
  if (previousMs === null || changed) return minMs
  return Math.min(maxMs, Math.round(previousMs * 1.6))
}
