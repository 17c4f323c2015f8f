import { beijingDayStart, compareQueue, NEED_BY_CLOSE_HOURS, queuePriority, TIERS } from '../../src/domain/priority'

const NOW = new Date('2022-01-28T04:00:00Z') // 12:00 in Beijing, 28 Jan
const H = 3600_000

describe('queue priority rule', () => {
  it('blocked from testing comes first', () => {
    expect(queuePriority({ blockedFromTesting: true, needBy: null, urgedAt: null }, NOW)).toEqual({ tier: TIERS.urgent, recheckAt: null })
  })

  it('a need-by date within 48 h is urgent; a far one is normal with a recheck time when it comes close', () => {
    expect(queuePriority({ blockedFromTesting: false, needBy: { date: '2022-01-29', reason: 'train' }, urgedAt: null }, NOW).tier).toBe(TIERS.urgent)
    const far = queuePriority({ blockedFromTesting: false, needBy: { date: '2022-02-05', reason: 'exam' }, urgedAt: null }, NOW)
    expect(far.tier).toBe(TIERS.normal)
    // 5 Feb 00:00 Beijing = 4 Feb 16:00 UTC, minus 48 h
    expect(far.recheckAt).toBe(new Date(Date.UTC(2022, 1, 4, 16) - NEED_BY_CLOSE_HOURS * H).toISOString())
    expect(queuePriority({ blockedFromTesting: false, needBy: { date: '2022-02-05', reason: 'exam' }, urgedAt: null }, new Date(far.recheckAt!)).tier).toBe(TIERS.urgent)
    // a date already passed stays urgent
    expect(queuePriority({ blockedFromTesting: false, needBy: { date: '2022-01-20', reason: 'work' }, urgedAt: null }, NOW).tier).toBe(TIERS.urgent)
  })

  it('urged comes after urgent and before normal; a far need-by keeps its recheck even when urged', () => {
    expect(queuePriority({ blockedFromTesting: false, needBy: null, urgedAt: NOW.toISOString() }, NOW)).toEqual({ tier: TIERS.urged, recheckAt: null })
    const p = queuePriority({ blockedFromTesting: false, needBy: { date: '2022-03-01', reason: 'hospital' }, urgedAt: NOW.toISOString() }, NOW)
    expect(p.tier).toBe(TIERS.urged)
    expect(p.recheckAt).not.toBeNull()
    expect(queuePriority({ blockedFromTesting: false, needBy: null, urgedAt: null }, NOW)).toEqual({ tier: TIERS.normal, recheckAt: null })
    expect(TIERS.urgent).toBeLessThan(TIERS.urged)
    expect(TIERS.urged).toBeLessThan(TIERS.normal)
  })

  it('a malformed need-by date is ignored', () => {
    expect(queuePriority({ blockedFromTesting: false, needBy: { date: 'soon', reason: 'work' }, urgedAt: null }, NOW)).toEqual({ tier: TIERS.normal, recheckAt: null })
    expect(beijingDayStart('2022-1-5')).toBeNaN()
  })

  it('compareQueue: tier, then oldest, then id', () => {
    const items = [
      { tier: 2, createdAt: '2022-01-27T00:00:00.000Z', id: 'a' },
      { tier: 1, createdAt: '2022-01-28T00:00:00.000Z', id: 'b' },
      { tier: 0, createdAt: '2022-01-28T01:00:00.000Z', id: 'c' },
      { tier: 2, createdAt: '2022-01-27T00:00:00.000Z', id: '0' },
      { tier: 0, createdAt: '2022-01-28T00:30:00.000Z', id: 'd' }
    ]
    expect([...items].sort(compareQueue).map((i) => i.id)).toEqual(['d', 'c', 'b', '0', 'a'])
  })
})
