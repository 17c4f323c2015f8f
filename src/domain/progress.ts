// What the citizen's progress page derives from an appeal: when each stage was reached,
// and how a timeline event reads. Pure; no Taro, no React.
import type { Appeal, AppealStatus, TimelineEvent } from '../../types/appeal'
import { STAGES, STATUS_LABELS, stageOf } from './stages'
import { ACTOR_LABELS, EVENT_LABELS } from './policy'

export { ACTOR_LABELS }

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

/** A plain-Chinese line for one timeline event. */
export function eventLabel(e: Pick<TimelineEvent, 'type' | 'to'>): string {
  const known = EVENT_LABELS[e.type]
  if (known) return known
  if (e.to) return `状态变为「${STATUS_LABELS[e.to as AppealStatus] ?? e.to}」`
  return e.type
}
