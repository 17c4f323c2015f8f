import { checkEvidence, evidenceProblems, testsRequired, DEFAULT_MAX_AGE_HOURS, MIN_GAP_HOURS } from '../../src/domain/evidence'

const NOW = new Date('2022-01-28T04:00:00Z') // 12:00 in Beijing
const H = 3600_000
const ago = (hours: number) => new Date(NOW.getTime() - hours * H).toISOString()

function rule(checks: ReturnType<typeof checkEvidence>, name: string) {
  return checks.find((c) => c.rule === name)
}

describe('evidence rules', () => {
  it('needs two tests for travel and trajectory, one otherwise', () => {
    expect(testsRequired('travel')).toBe(2)
    expect(testsRequired('trajectory')).toBe(2)
    expect(testsRequired('medicine')).toBe(1)
    expect(testsRequired('unknown')).toBe(1)
  })

  describe('has_test', () => {
    it('fails with no test (and stops there)', () => {
      const checks = checkEvidence({ category: 'medicine', sampledAt: [], now: NOW })
      expect(checks).toEqual([{ rule: 'has_test', ok: false, message: '请上传至少一张核酸阴性截图，并填写采样时间' }])
    })
    it('ignores unparseable times', () => {
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: ['not a date'], now: NOW }), 'has_test')?.ok).toBe(false)
    })
    it('counts the tests', () => {
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: [ago(2)], now: NOW }), 'has_test')).toEqual({
        rule: 'has_test',
        ok: true,
        message: '已提供 1 次核酸阴性截图'
      })
    })
  })

  describe('not_in_future', () => {
    it('tolerates 10 minutes of clock skew', () => {
      expect(evidenceProblems({ category: 'medicine', sampledAt: [ago(-10 / 60)], now: NOW })).toEqual([])
    })
    it('refuses a sample more than 10 minutes ahead', () => {
      const problems = evidenceProblems({ category: 'medicine', sampledAt: [ago(-11 / 60)], now: NOW })
      expect(problems.map((p) => p.message)).toContain('采样时间不能晚于现在，请核对截图上的采样时间')
    })
    it('refuses a future sample among past ones', () => {
      expect(rule(checkEvidence({ category: 'travel', sampledAt: [ago(30), ago(-5)], now: NOW }), 'not_in_future')?.ok).toBe(false)
    })
  })

  describe('recent (72 h)', () => {
    it('passes at exactly 72 hours', () => {
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: [ago(72)], now: NOW }), 'recent')).toEqual({
        rule: 'recent',
        ok: true,
        message: '最近一次采样 72 小时前'
      })
    })
    it('fails one minute past 72 hours, saying how old it is', () => {
      const r = rule(checkEvidence({ category: 'medicine', sampledAt: [ago(72 + 1 / 60)], now: NOW }), 'recent')
      expect(r?.ok).toBe(false)
      expect(r?.message).toBe('最近一次采样需在 72 小时内，目前已过 72 小时，请重新做核酸后再申诉')
    })
    it('judges by the latest test and honours maxAgeHours', () => {
      expect(rule(checkEvidence({ category: 'travel', sampledAt: [ago(100), ago(50)], now: NOW }), 'recent')?.ok).toBe(true)
      const r = rule(checkEvidence({ category: 'medicine', sampledAt: [ago(50)], now: NOW, maxAgeHours: 48 }), 'recent')
      expect(r?.message).toBe('最近一次采样需在 48 小时内，目前已过 50 小时，请重新做核酸后再申诉')
      expect(DEFAULT_MAX_AGE_HOURS).toBe(72)
    })
  })

  describe('two_apart (travel, trajectory)', () => {
    it('asks for a second test when there is one', () => {
      const r = rule(checkEvidence({ category: 'trajectory', sampledAt: [ago(3)], now: NOW }), 'two_apart')
      expect(r).toEqual({ rule: 'two_apart', ok: false, message: '此类弹窗需要两次核酸（间隔24小时以上），目前只有 1 次' })
    })
    it('passes at exactly 24 hours apart', () => {
      const r = rule(checkEvidence({ category: 'travel', sampledAt: [ago(2), ago(2 + MIN_GAP_HOURS)], now: NOW }), 'two_apart')
      expect(r).toEqual({ rule: 'two_apart', ok: true, message: '两次核酸间隔 24 小时' })
    })
    it('fails just under 24 hours, flooring the hours', () => {
      const r = rule(checkEvidence({ category: 'travel', sampledAt: [ago(2), ago(2 + 23.99)], now: NOW }), 'two_apart')
      expect(r?.ok).toBe(false)
      expect(r?.message).toBe('两次核酸需间隔24小时以上，目前间隔 23 小时')
    })
    it('uses the earliest and latest of three tests, in any order', () => {
      const r = rule(checkEvidence({ category: 'travel', sampledAt: [ago(10), ago(40), ago(20)], now: NOW }), 'two_apart')
      expect(r?.message).toBe('两次核酸间隔 30 小时')
    })
    it('is not checked for medicine or unknown', () => {
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: [ago(3)], now: NOW }), 'two_apart')).toBeUndefined()
      expect(rule(checkEvidence({ category: 'unknown', sampledAt: [ago(3)], now: NOW }), 'two_apart')).toBeUndefined()
    })
  })

  describe('after_trigger (medicine with a purchase date)', () => {
    it('passes when the latest sample is after the purchase', () => {
      const r = rule(checkEvidence({ category: 'medicine', sampledAt: [ago(5)], triggerDate: ago(10), now: NOW }), 'after_trigger')
      expect(r).toEqual({ rule: 'after_trigger', ok: true, message: '核酸采样在购药之后' })
    })
    it('fails when the sample predates the purchase', () => {
      const r = rule(checkEvidence({ category: 'medicine', sampledAt: [ago(10)], triggerDate: ago(5), now: NOW }), 'after_trigger')
      expect(r?.ok).toBe(false)
      expect(r?.message).toBe('核酸采样需在购药之后，请上传购药后的核酸结果')
    })
    it('is skipped without a trigger date, with a bad one, or for other categories', () => {
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: [ago(5)], now: NOW }), 'after_trigger')).toBeUndefined()
      expect(rule(checkEvidence({ category: 'medicine', sampledAt: [ago(5)], triggerDate: 'x', now: NOW }), 'after_trigger')).toBeUndefined()
      expect(rule(checkEvidence({ category: 'unknown', sampledAt: [ago(5)], triggerDate: ago(1), now: NOW }), 'after_trigger')).toBeUndefined()
    })
  })

  it('evidenceProblems returns only the failing checks', () => {
    expect(evidenceProblems({ category: 'travel', sampledAt: [ago(2), ago(30)], now: NOW })).toEqual([])
    const problems = evidenceProblems({ category: 'travel', sampledAt: [ago(80), ago(100)], now: NOW })
    expect(problems.map((p) => p.rule)).toEqual(['recent', 'two_apart'])
  })
})

describe('blocked from testing and the purchase date', () => {
  const NOW2 = new Date('2022-01-28T04:00:00Z')
  it('blockedFromTesting with no test: the popup screenshot alone passes', () => {
    expect(checkEvidence({ category: 'travel', sampledAt: [], now: NOW2, blockedFromTesting: true })).toEqual([
      { rule: 'has_test', ok: true, message: expect.stringContaining('拒检') }
    ])
    expect(evidenceProblems({ category: 'medicine', sampledAt: [], now: NOW2, blockedFromTesting: true })).toEqual([])
  })
  it('blockedFromTesting with tests: the usual rules still apply to what was given', () => {
    const old = new Date(NOW2.getTime() - 100 * 3600_000).toISOString()
    expect(evidenceProblems({ category: 'medicine', sampledAt: [old], now: NOW2, blockedFromTesting: true }).map((p) => p.rule)).toEqual(['recent'])
  })
  it('medicine: the purchase date is a Beijing day — a sample that morning counts, one the evening before does not', () => {
    // 27 Jan 08:00 Beijing = 27 Jan 00:00 UTC; 26 Jan 23:00 Beijing = 26 Jan 15:00 UTC
    const same = checkEvidence({ category: 'medicine', sampledAt: ['2022-01-27T00:00:00Z'], triggerDate: '2022-01-27', now: NOW2 })
    expect(same.find((c) => c.rule === 'after_trigger')?.ok).toBe(true)
    const before = checkEvidence({ category: 'medicine', sampledAt: ['2022-01-26T15:00:00Z'], triggerDate: '2022-01-27', now: NOW2 })
    expect(before.find((c) => c.rule === 'after_trigger')).toEqual({ rule: 'after_trigger', ok: false, message: expect.stringContaining('购药之后') })
  })
  it('after_trigger applies to medicine only', () => {
    const r = checkEvidence({ category: 'unknown', sampledAt: ['2022-01-26T15:00:00Z'], triggerDate: '2022-01-27', now: NOW2 })
    expect(r.find((c) => c.rule === 'after_trigger')).toBeUndefined()
  })
})
