// The poll's memory (server/appeals/versions.ts): which loads may remember what they read, and what a change
// or a failed read leaves behind. The change feed is driven by hand here; the API tests drive the real one.
import type { Kysely } from 'kysely'
import type { Appeal } from '../../types/appeal'
import type { ChangeFeed, ChangeListener } from '../../server/appeals/change-feed'
import type { Database } from '../../server/db/schema'
import { AppealVersions, type VersionFields } from '../../server/appeals/versions'

function handFeed() {
  const listeners: ChangeListener[] = []
  const feed: ChangeFeed = {
    sync: () => true,
    fence: async () => true,
    subscribe: (l) => void listeners.push(l),
    close: async () => {}
  }
  return { feed, changed: (id: string) => listeners.forEach((l) => l.appeal?.(id, null)), reset: () => listeners.forEach((l) => l.reset?.()) }
}

// no query is made for an appeal that is not queued
const db = null as unknown as Kysely<Database>
const fields = (id: string, version = 1): VersionFields => ({
  id,
  citizen_id: 'c1',
  version,
  status: 'in_review',
  due_at: '2099-01-01T00:00:00.000Z',
  district: '朝阳区',
  priority: 0,
  created_at: '2026-12-01T00:00:00.000Z'
})
const view = (id: string, statement: string) => ({ id, statement, overdue: false, queue: null }) as unknown as Appeal
const entryOf = (v: AppealVersions, id: string) => (v as unknown as { entries: Map<string, object> }).entries.get(id)
const loadsIn = (v: AppealVersions) => (v as unknown as { loading: Map<string, Set<unknown>> }).loading.size

it('overlapping loads of one appeal do not void each other: the one that finishes remembers', async () => {
  const { feed } = handFeed()
  const v = new AppealVersions(feed)
  const first = v.begin('a1')
  const second = v.begin('a1')
  v.remember(second, fields('a1'), view('a1', '先读完的'))
  const entry = entryOf(v, 'a1')
  v.remember(first, fields('a1'), view('a1', '后读完的'))
  const hit = await v.cached(db, 'c1', 'a1', 1000)
  expect(hit?.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
  // the same version read again keeps the entry (polls awaiting the queue snapshot hold it) and its view
  expect(entryOf(v, 'a1')).toBe(entry)
  expect(v.viewOf('a1', hit!)?.statement).toBe('先读完的')
  expect(loadsIn(v)).toBe(0)
  // a newer version replaces both
  v.remember(v.begin('a1'), fields('a1', 2), view('a1', '新版本'))
  expect(entryOf(v, 'a1')).not.toBe(entry)
  expect(v.viewOf('a1', (await v.cached(db, 'c1', 'a1', 1000))!)?.statement).toBe('新版本')
})

it('a change seen while a load runs voids it, and drops the entry and the view already kept', async () => {
  const { feed, changed } = handFeed()
  const v = new AppealVersions(feed)
  v.remember(v.begin('a2'), fields('a2'), view('a2', '旧'))
  expect(await v.cached(db, 'c1', 'a2', 1000)).not.toBeNull()
  const during = v.begin('a2')
  changed('a2')
  expect(await v.cached(db, 'c1', 'a2', 1000)).toBeNull()
  v.remember(during, fields('a2'), view('a2', '读到一半时已变'))
  expect(await v.cached(db, 'c1', 'a2', 1000)).toBeNull()
  // a load begun after the change may remember
  v.remember(v.begin('a2'), fields('a2', 2), view('a2', '新'))
  const hit = await v.cached(db, 'c1', 'a2', 1000)
  expect(v.viewOf('a2', hit!)?.statement).toBe('新')
})

it('a reset voids every load in flight', async () => {
  const { feed, reset } = handFeed()
  const v = new AppealVersions(feed)
  const t = v.begin('a3')
  reset()
  v.remember(t, fields('a3'), view('a3', '重置前'))
  expect(await v.cached(db, 'c1', 'a3', 1000)).toBeNull()
})

it("only the owner is answered from memory", async () => {
  const { feed } = handFeed()
  const v = new AppealVersions(feed)
  v.remember(v.begin('a4'), fields('a4'), view('a4', '本人'))
  expect(await v.cached(db, 'someone-else', 'a4', 1000)).toBeNull()
  expect(await v.cached(db, 'c1', 'a4', 1000)).not.toBeNull()
})

it('polls of ids that are not the caller’s leave nothing behind', () => {
  const { feed } = handFeed()
  const v = new AppealVersions(feed)
  for (let i = 0; i < 1000; i++) v.abandon(v.begin(`not-mine-${i}`))
  expect(loadsIn(v)).toBe(0)
})

it('a cold read is visible to polls of the same citizen and appeal while it runs, and gone after, failed or not', async () => {
  const { feed } = handFeed()
  const v = new AppealVersions(feed)
  let finish!: () => void
  const read = v.coldRead('c1', 'a5', () => new Promise<string>((res) => (finish = () => res('读完'))))
  expect(v.readRunning('c1', 'a5')).toBeDefined()
  // keyed by citizen: someone else's poll of the same id never waits on the owner's read
  expect(v.readRunning('c2', 'a5')).toBeUndefined()
  finish()
  await expect(read).resolves.toBe('读完')
  expect(v.readRunning('c1', 'a5')).toBeUndefined()

  await expect(v.coldRead('c1', 'a6', () => Promise.reject(new Error('不是本人的申诉')))).rejects.toThrow('不是本人的申诉')
  expect(v.readRunning('c1', 'a6')).toBeUndefined()
})
