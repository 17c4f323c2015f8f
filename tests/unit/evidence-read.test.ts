// The evidence rules with sampling times read off the screenshots (issue 13): the read time wins, and the
// time checks say whose times they used.
import { checkEvidence as checkPlainEvidence } from '../../src/domain/evidence'
import { checkEvidenceWithReadings as checkEvidence } from '../../src/domain/reading/evidence'

const NOW = new Date('2022-01-28T04:00:00Z') // 12:00 in Beijing
const H = 3600_000
const ago = (hours: number) => new Date(NOW.getTime() - hours * H).toISOString()
const rule = (checks: ReturnType<typeof checkEvidence>, name: string) => checks.find((c) => c.rule === name)

describe('evidence rules with read sampling times', () => {
  it('uses the read time instead of the typed one and says so', () => {
    // typed: 2 hours ago; the screenshot says 100 hours ago
    const checks = checkEvidence({ category: 'medicine', sampledAt: [ago(2)], readSampledAt: [ago(100)], now: NOW })
    expect(rule(checks, 'recent')).toEqual({
      rule: 'recent',
      ok: false,
      message: '最近一次采样需在 72 小时内，目前已过 100 小时，请重新做核酸后再申诉（按截图读到的时间）',
      source: 'read'
    })
  })

  it('falls back to the typed time where nothing was read, marked typed with the message unchanged', () => {
    const checks = checkEvidence({ category: 'medicine', sampledAt: [ago(2)], readSampledAt: [null], now: NOW })
    expect(rule(checks, 'recent')).toEqual({ rule: 'recent', ok: true, message: '最近一次采样 2 小时前', source: 'typed' })
  })

  it('calls a check over one read and one typed time mixed', () => {
    const checks = checkEvidence({ category: 'travel', sampledAt: [ago(30), ago(2)], readSampledAt: [ago(30), null], now: NOW })
    expect(rule(checks, 'two_apart')).toEqual({
      rule: 'two_apart',
      ok: true,
      message: '两次核酸间隔 28 小时（部分按截图读到的时间）',
      source: 'mixed'
    })
    // recent looks only at the latest test, which was typed
    expect(rule(checks, 'recent')?.source).toBe('typed')
  })

  it('a read time can break two_apart that the typed times passed', () => {
    const checks = checkEvidence({ category: 'trajectory', sampledAt: [ago(30), ago(2)], readSampledAt: [ago(10), ago(2)], now: NOW })
    const twoApart = rule(checks, 'two_apart')
    expect(twoApart?.ok).toBe(false)
    expect(twoApart?.source).toBe('read')
    expect(twoApart?.message).toBe('两次核酸需间隔24小时以上，目前间隔 8 小时（按截图读到的时间）')
  })

  it('a read time in the future fails not_in_future, naming the read time', () => {
    const checks = checkEvidence({ category: 'medicine', sampledAt: [ago(2)], readSampledAt: [ago(-5)], now: NOW })
    expect(rule(checks, 'not_in_future')).toMatchObject({ ok: false, source: 'read' })
  })

  it('after_trigger uses the read time of the latest test', () => {
    const checks = checkEvidence({
      category: 'medicine',
      sampledAt: [ago(2)],
      readSampledAt: [ago(40)],
      triggerDate: ago(24),
      now: NOW
    })
    expect(rule(checks, 'after_trigger')).toEqual({
      rule: 'after_trigger',
      ok: false,
      message: '核酸采样需在购药之后，请上传购药后的核酸结果（按截图读到的时间）',
      source: 'read'
    })
  })

  it('a read time stands in for a typed time that does not parse; has_test carries no source', () => {
    const checks = checkEvidence({ category: 'medicine', sampledAt: ['not a date'], readSampledAt: [ago(3)], now: NOW })
    expect(rule(checks, 'has_test')).toEqual({ rule: 'has_test', ok: true, message: '已提供 1 次核酸阴性截图' })
    expect(rule(checks, 'recent')?.source).toBe('read')
  })

  it('the plain rules (the citizen form) carry no source', () => {
    const checks = checkPlainEvidence({ category: 'travel', sampledAt: [ago(30), ago(2)], now: NOW })
    expect(checks.every((c) => c.source === undefined)).toBe(true)
    expect(rule(checks, 'two_apart')?.message).toBe('两次核酸间隔 28 小时')
  })
})
