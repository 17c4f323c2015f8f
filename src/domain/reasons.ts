import type { NeedsInfoCode, ReasonCode, RejectReasonCode } from '../../types/appeal'
import { DEFAULT_POLICY, hoursText, type Policy } from './policy'

export interface ReasonText {
  /** what the citizen is told */
  text: string
  /** what they can do next */
  nextStep: string
}

type RulePolicy = Pick<Policy, 'evidenceMaxAgeHours' | 'testMinGapHours'>

/** The reasons as the given policy words them: the age and gap limits are the ones enforced. */
export function rejectReasons(policy: RulePolicy = DEFAULT_POLICY): Record<RejectReasonCode, ReasonText> {
  return {
    ...REJECT_REASONS,
    test_too_old: { ...REJECT_REASONS.test_too_old, text: `核酸采样时间已超过 ${hoursText(policy.evidenceMaxAgeHours)}` }
  }
}

export function needsInfoReasons(policy: RulePolicy = DEFAULT_POLICY): Record<NeedsInfoCode, ReasonText> {
  return {
    ...NEEDS_INFO_REASONS,
    second_test: { ...NEEDS_INFO_REASONS.second_test, text: `需要第二次核酸结果（与第一次间隔 ${hoursText(policy.testMinGapHours)}以上）` }
  }
}

/** Worded with the built-in defaults; code that knows the served policy uses rejectReasons(policy). */
export const REJECT_REASONS: Record<RejectReasonCode, ReasonText> = {
  screenshot_unreadable: { text: '截图看不清，无法核对', nextStep: '请重新截取完整、清晰的截图后再次申诉' },
  not_negative: { text: '核酸结果不是阴性或尚未出结果', nextStep: '请在结果显示阴性后再次申诉' },
  test_too_old: { text: `核酸采样时间已超过 ${hoursText(DEFAULT_POLICY.evidenceMaxAgeHours)}`, nextStep: '请重新做核酸，结果出来后再次申诉' },
  test_before_trigger: { text: '核酸采样早于弹窗原因发生的时间', nextStep: '请上传之后做的核酸结果' },
  identity_mismatch: { text: '截图中的身份信息与申诉人不一致', nextStep: '请上传本人的弹窗和核酸截图' },
  not_a_popup: { text: '截图中没有健康宝弹窗', nextStep: '如弹窗已消失，无需申诉；如仍有弹窗，请上传弹窗截图' },
  duplicate: { text: '已有相同的申诉在处理中', nextStep: '请在“我的申诉”中查看原申诉的进度' },
  no_supplement: { text: '未在规定时间内补充材料', nextStep: '如仍有弹窗，请重新提交申诉' },
  other: { text: '不符合纠错条件', nextStep: '请查看审核说明，或拨打 12345 咨询' }
}

export const NEEDS_INFO_REASONS: Record<NeedsInfoCode, ReasonText> = {
  popup_shot: { text: '需要清晰完整的弹窗截图', nextStep: '请补充上传健康宝弹窗截图' },
  negative_test: { text: '需要清晰的核酸阴性截图', nextStep: '请补充上传核酸阴性结果截图' },
  second_test: { text: `需要第二次核酸结果（与第一次间隔 ${hoursText(DEFAULT_POLICY.testMinGapHours)}以上）`, nextStep: '请做第二次核酸后补充上传' },
  identity: { text: '需要核对身份信息', nextStep: '请核对姓名和身份证号后补充说明' },
  other: { text: '需要补充材料', nextStep: '请按审核说明补充材料' }
}

export const APPROVED_TEXT: ReasonText = {
  text: '审核通过，已提交健康宝纠错',
  // no promised time: the popup clears only when the operator acts, and 「弹窗解除进度」 shows where that stands
  nextStep: '纠错转交健康宝运营方后，请在下方「弹窗解除进度」查看转交和解除的时间'
}

export function reasonText(code: ReasonCode | null | undefined, policy: RulePolicy = DEFAULT_POLICY): ReasonText | null {
  if (!code) return null
  if (code === 'verified') return APPROVED_TEXT
  return (
    (rejectReasons(policy) as Record<string, ReasonText>)[code] ??
    (needsInfoReasons(policy) as Record<string, ReasonText>)[code] ??
    null
  )
}
