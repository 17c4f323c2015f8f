// The review screen's own words: what a decision is called once made, the audit actions,
// and the note a needs-info checklist turns into.
import type { NeedsInfoCode } from '../../../../types/appeal'
import { NEEDS_INFO_REASONS } from '../../../domain/reasons'

export const DONE_TEXT = {
  approved: '已通过',
  rejected: '已驳回',
  needs_info: '已要求补充材料',
  released: '已释放回队列'
} as const


export const AUDIT_TEXT: Record<string, string> = { view_evidence: '查看截图', claim: '领取', decide: '作出决定', cluster_approve: '批量通过' }

/** The note a needs-info checklist becomes (the citizen reads it). */
export function needsNote(codes: NeedsInfoCode[]): string {
  if (codes.length === 0) return ''
  return '请补充：' + codes.map((c, i) => `${i + 1}. ${NEEDS_INFO_REASONS[c].text}`).join('；')
}
