import { formatDateTime, formatShort, fromNow, isoToShanghaiParts, shanghaiToIso } from '../../src/domain/time'

const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']
const original = process.env.TZ

afterAll(() => {
  process.env.TZ = original
})

describe('time in Asia/Shanghai whatever the machine zone', () => {
  for (const zone of ZONES) {
    it(`formats in Beijing time when TZ=${zone}`, () => {
      process.env.TZ = zone
      // 2022-01-27 23:05 UTC is 2022-01-28 07:05 in Beijing (crosses the date line of the day)
      expect(formatDateTime('2022-01-27T23:05:00Z')).toBe('2022-01-28 07:05')
      expect(formatShort('2022-01-27T23:05:00Z')).toBe('1月28日 07:05')
      expect(isoToShanghaiParts('2022-01-27T23:05:00.000Z')).toEqual({ date: '2022-01-28', time: '07:05' })
      expect(shanghaiToIso('2022-01-28', '07:05')).toBe('2022-01-27T23:05:00.000Z')
      expect(shanghaiToIso('2022-01-01', '00:00')).toBe('2021-12-31T16:00:00.000Z')
    })
  }

  it('round-trips picker values', () => {
    const iso = shanghaiToIso('2022-02-03', '18:30')
    expect(isoToShanghaiParts(iso)).toEqual({ date: '2022-02-03', time: '18:30' })
  })

  it('says how long ago in Chinese', () => {
    const now = '2022-01-28T12:00:00Z'
    expect(fromNow('2022-01-28T09:00:00Z', now)).toBe('3 小时前')
    expect(fromNow('2022-01-27T12:00:00Z', now)).toBe('1 天前')
    expect(fromNow('2022-01-28T11:59:30Z', now)).toBe('几秒前')
  })
})
