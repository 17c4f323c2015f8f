// The queue table's time columns: how long an appeal has waited, and the countdown to its due time.
import { countdown, waited } from '../../src/reviewer/format'

const now = Date.parse('2026-11-30T12:00:00.000Z')
const ago = (min: number) => new Date(now - min * 60_000).toISOString()

describe('waited', () => {
  it('minutes under an hour, hours and minutes under a day, then days and hours', () => {
    expect(waited(ago(0), now)).toBe('0 分')
    expect(waited(ago(45), now)).toBe('45 分')
    expect(waited(ago(3 * 60 + 12), now)).toBe('3 小时 12 分')
    expect(waited(ago(2 * 1440 + 4 * 60 + 30), now)).toBe('2 天 4 小时')
  })

  it('a clock slightly behind the server never shows a negative wait; garbage shows a dash', () => {
    expect(waited(new Date(now + 90_000).toISOString(), now)).toBe('0 分')
    expect(waited('not a date', now)).toBe('—')
  })
})

describe('countdown', () => {
  it('says what is left, flags the last two hours, and counts past the due time', () => {
    expect(countdown(new Date(now + (3 * 60 + 5) * 60_000).toISOString(), now)).toEqual({ text: '剩余 3 小时 5 分', overdue: false, soon: false })
    expect(countdown(new Date(now + 30 * 60_000).toISOString(), now)).toEqual({ text: '剩余 30 分', overdue: false, soon: true })
    expect(countdown(ago(61), now)).toEqual({ text: '已超时 1 小时 1 分', overdue: true, soon: false })
  })
})
