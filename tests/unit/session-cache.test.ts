// The session cache (server/auth/session-cache.ts): which look-ups may remember what they read, and what a
// change, a reset or a look-up that found nothing leaves behind. The change feed is driven by hand here;
// tests/api/conditional-poll.test.ts drives the real one (revocation within seconds on both processes).
import type { ChangeFeed, ChangeListener } from '../../server/appeals/change-feed'
import { SessionCache, type CachedSession } from '../../server/auth/session-cache'

function handFeed() {
  const listeners: ChangeListener[] = []
  const feed: ChangeFeed = {
    sync: () => true,
    fence: async () => true,
    subscribe: (l) => void listeners.push(l),
    close: async () => {}
  }
  return { feed, ended: (hash: string) => listeners.forEach((l) => l.session?.(hash)), reset: () => listeners.forEach((l) => l.reset?.()) }
}

const NOW = Date.parse('2026-12-02T08:00:00.000Z')
const session = (subjectId: string): CachedSession => ({ kind: 'citizen', subjectId, expiresAt: NOW + 3600_000, lastSeen: NOW })
const lookupsIn = (c: SessionCache) => (c as unknown as { loading: Map<string, Set<unknown>> }).loading.size

it('overlapping look-ups of one token do not void each other: either may remember', async () => {
  const c = new SessionCache(handFeed().feed)
  const first = c.begin('h1')
  const second = c.begin('h1')
  c.remember('h1', second, session('市民甲'))
  c.remember('h1', first, session('市民甲'))
  expect((await c.get('h1', NOW, 60_000))?.subjectId).toBe('市民甲')
  expect(lookupsIn(c)).toBe(0)
})

it('a session ended while it was being read is not remembered, nor kept', async () => {
  const { feed, ended } = handFeed()
  const c = new SessionCache(feed)
  const l = c.begin('h2')
  ended('h2')
  c.remember('h2', l, session('市民乙'))
  expect(await c.get('h2', NOW, 60_000)).toBeNull()

  c.remember('h2', c.begin('h2'), session('市民乙'))
  expect(await c.get('h2', NOW, 60_000)).not.toBeNull()
  ended('h2')
  expect(await c.get('h2', NOW, 60_000)).toBeNull()
})

it('a reset voids the look-ups in flight', async () => {
  const { feed, reset } = handFeed()
  const c = new SessionCache(feed)
  const l = c.begin('h3')
  reset()
  c.remember('h3', l, session('市民丙'))
  expect(await c.get('h3', NOW, 60_000)).toBeNull()
})

it('look-ups that find nothing (random tokens) leave nothing behind', () => {
  const c = new SessionCache(handFeed().feed)
  for (let i = 0; i < 1000; i++) {
    const hash = `random-${i}`
    c.abandon(hash, c.begin(hash))
  }
  expect(lookupsIn(c)).toBe(0)
})
