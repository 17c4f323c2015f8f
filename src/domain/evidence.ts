import type { Category } from '../../types/appeal'
import { beijingDayStart } from './priority'
import { DEFAULT_POLICY } from './policy'

/** What the evidence rules need to know about an appeal. */
export interface EvidenceInput {
  category: Category
  sampledAt: string[]
  /** the day the popup was triggered (medicine: purchase date), ISO date or instant */
  triggerDate?: string | null
  now: Date
  maxAgeHours?: number
  /** turned away at a test site: the popup screenshot alone may do (no test needed) */
  blockedFromTesting?: boolean
}

export type EvidenceRule = 'has_test' | 'not_in_future' | 'recent' | 'two_apart' | 'after_trigger'

/** Whose times a check used: all read off screenshots, all typed, or some of each (src/domain/reading/evidence.ts). */
export type EvidenceSource = 'read' | 'typed' | 'mixed'

export interface EvidenceCheck {
  rule: EvidenceRule
  ok: boolean
  message: string
  /** on the checks that look at times, when read times were offered */
  source?: EvidenceSource
}

const HOUR = 3600_000
/** Phones' clocks drift; a sample a few minutes "in the future" is a clock, not a lie. */
export const CLOCK_SKEW_MS = 10 * 60_000
export const DEFAULT_MAX_AGE_HOURS = DEFAULT_POLICY.evidenceMaxAgeHours
export const MIN_GAP_HOURS = DEFAULT_POLICY.testMinGapHours

export function testsRequired(category: Category): number {
  return category === 'travel' || category === 'trajectory' ? 2 : 1
}

function hours(ms: number): number {
  return Math.floor(ms / HOUR)
}

/**
 * Every evidence rule for the category, each with a Chinese sentence that says
 * what was found — the form shows the failing ones, the reviewer sees all of them.
 */
export function checkEvidence(input: EvidenceInput): EvidenceCheck[] {
  const maxAge = input.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS
  // what reaches here was read by the strict reader (src/domain/dates.ts) already — the server's schema and
  // checkTests, the form's beijingDateTimeToIso — so the built-in parser only converts; junk is still no test
  const times = input.sampledAt
    .map((s) => new Date(s).getTime())
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b)
  const now = input.now.getTime()
  const checks: EvidenceCheck[] = []

  if (times.length === 0 && input.blockedFromTesting) {
    checks.push({ rule: 'has_test', ok: true, message: '已说明在检测点被拒检，可仅凭弹窗截图申诉' })
    return checks
  }
  if (times.length === 0) {
    checks.push({ rule: 'has_test', ok: false, message: '请上传至少一张核酸阴性截图，并填写采样时间' })
    return checks
  }
  checks.push({ rule: 'has_test', ok: true, message: `已提供 ${times.length} 次核酸阴性截图` })

  const future = times.filter((t) => t > now + CLOCK_SKEW_MS)
  checks.push(
    future.length > 0
      ? { rule: 'not_in_future', ok: false, message: '采样时间不能晚于现在，请核对截图上的采样时间' }
      : { rule: 'not_in_future', ok: true, message: '采样时间均早于现在' }
  )

  const latest = times[times.length - 1]
  const age = hours(Math.max(0, now - latest))
  checks.push(
    now - latest > maxAge * HOUR
      ? {
          rule: 'recent',
          ok: false,
          message: `最近一次采样需在 ${maxAge} 小时内，目前已过 ${age} 小时，请重新做核酸后再申诉`
        }
      : { rule: 'recent', ok: true, message: `最近一次采样 ${age} 小时前` }
  )

  if (testsRequired(input.category) === 2) {
    if (times.length < 2) {
      checks.push({
        rule: 'two_apart',
        ok: false,
        message: `此类弹窗需要两次核酸（间隔${MIN_GAP_HOURS}小时以上），目前只有 1 次`
      })
    } else {
      const gap = hours(latest - times[0])
      checks.push(
        latest - times[0] >= MIN_GAP_HOURS * HOUR
          ? { rule: 'two_apart', ok: true, message: `两次核酸间隔 ${gap} 小时` }
          : {
              rule: 'two_apart',
              ok: false,
              message: `两次核酸需间隔${MIN_GAP_HOURS}小时以上，目前间隔 ${gap} 小时`
            }
      )
    }
  }

  if (input.category === 'medicine' && input.triggerDate) {
    // a bare date is a Beijing calendar day: the purchase may have been at any time that day
    const trigger = /^\d{4}-\d{2}-\d{2}$/.test(input.triggerDate)
      ? beijingDayStart(input.triggerDate)
      : new Date(input.triggerDate).getTime()
    if (Number.isFinite(trigger)) {
      checks.push(
        latest >= trigger
          ? { rule: 'after_trigger', ok: true, message: '核酸采样在购药之后' }
          : { rule: 'after_trigger', ok: false, message: '核酸采样需在购药之后，请上传购药后的核酸结果' }
      )
    }
  }
  return checks
}

export function evidenceProblems(input: EvidenceInput): EvidenceCheck[] {
  return checkEvidence(input).filter((c) => !c.ok)
}
