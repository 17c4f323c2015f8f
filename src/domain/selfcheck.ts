// The home page's self-check: a few taps → which situation, what clears it, wait or appeal now. Pure.
import type { Category } from '../../types/appeal'
import { categoryInfo } from './categories'
import { afterPurchaseText, DEFAULT_POLICY, hoursText, type Policy } from './policy'
import { testsRequired } from './evidence'

/** How far the citizen got with nucleic-acid tests since the popup. */
export type TestsDone = 'none' | 'one' | 'two_apart' | 'refused'

export interface SelfCheckAnswers {
  category: Category
  tests: TestsDone
  /** a midnight passed since the (last) negative result came out */
  pastMidnight: boolean
}

export interface SelfCheckResult {
  category: Category
  advice: 'wait' | 'appeal'
  headline: string
  clears: string
  steps: string[]
}

export const TESTS_LABELS: Record<TestsDone, string> = {
  none: '还没有做核酸',
  one: '做了 1 次，结果阴性',
  two_apart: '做了 2 次（间隔 24 小时以上），都是阴性',
  refused: '想做核酸，但被检测点拒绝了'
}

/** Whether the midnight question matters for these answers. */
export function asksMidnight(category: Category, tests: TestsDone): boolean {
  if (tests === 'none' || tests === 'refused') return false
  return testsDoneCount(tests) >= testsRequired(category)
}

function testsDoneCount(t: TestsDone): number {
  return t === 'two_apart' ? 2 : t === 'one' ? 1 : 0
}

export function selfCheck(a: SelfCheckAnswers, policy: Pick<Policy, 'evidenceMaxAgeHours' | 'testMinGapHours'> = DEFAULT_POLICY): SelfCheckResult {
  const info = categoryInfo(policy)[a.category]
  const need = testsRequired(a.category)
  const base = { category: a.category, clears: info.clears }
  if (a.tests === 'refused') {
    return {
      ...base,
      advice: 'appeal',
      headline: '可以现在申诉：检测点不得拒绝弹窗人员检测',
      steps: ['提交申诉时选择「被检测点拒绝检测」，核酸截图可以不传', '申诉后出示「检测凭证」二维码，请检测点为您检测', '也可拨打 12345 反映']
    }
  }
  const done = testsDoneCount(a.tests)
  if (done < need) {
    const steps =
      a.category === 'medicine'
        ? [afterPurchaseText(policy), '结果为阴性后，弹窗一般会在零点刷新后自动解除', '如仍不解除，再来申诉']
        : a.category === 'unknown'
          ? ['先做一次核酸', '结果为阴性后仍有弹窗，就可以申诉，由工作人员核查原因']
          : [`做两次核酸，两次采样间隔 ${hoursText(policy.testMinGapHours)}以上`, '在“京心相助”平台报备，并按社区要求签署承诺书', '两次都阴性、零点后仍有弹窗，再来申诉']
    return { ...base, advice: 'wait', headline: need === 2 ? `还需要 ${need - done} 次核酸` : '先做一次核酸', steps }
  }
  if (!a.pastMidnight && a.category !== 'unknown') {
    return {
      ...base,
      advice: 'wait',
      headline: '先等一等：弹窗每天零点刷新',
      steps: ['阴性结果出来后，弹窗一般在当天零点后自动解除', '过了零点仍有弹窗，就可以申诉']
    }
  }
  return {
    ...base,
    advice: 'appeal',
    headline: '可以现在申诉',
    steps: ['准备好健康宝弹窗截图和核酸阴性截图', '按页面提示一步步填写，约 3 分钟', '提交后可随时查看进度']
  }
}
