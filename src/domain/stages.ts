import type { AppealStatus } from '../../types/appeal'

/** The three stages a citizen sees, like a 12345 case: 已提交 → 审核中 → 已办结. */
export const STAGES = ['已提交', '审核中', '已办结'] as const

export const STATUS_LABELS: Record<AppealStatus, string> = {
  queued: '排队待审',
  in_review: '审核中',
  needs_info: '待补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回'
}

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
