// Issue 12, reliability of the operator feed on real server processes (tests/api/child.ts):
//  - SIGKILL while an operator client pulls and acknowledges: after a restart no correction is lost and no ack
//    is applied twice (one answer event, one notification, one audit entry per correction);
//  - two API processes serving one operator hand each correction over exactly once;
//  - the feed's throughput for one client over HTTP (pull + ack), printed for the report.
import { randomUUID } from 'node:crypto'
import { sha256Hex } from '../../server/auth/tokens'
import { createCorrection } from '../../server/corrections/create'
import { createStore, seedQueuedAppeals, startChild, stopChild, type Child, type Store } from './child'

let store: Store
const children: Child[] = []

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)))
  await store?.drop()
})

/** n approved appeals, each with its waiting correction (as the approve transition leaves them), and an operator key. */
async function seedApproved(n: number): Promise<{ key: string; corrections: string[] }> {
  const db = store.db.kysely
  const ids = await seedQueuedAppeals(db, n)
  const base = Date.now() - n * 1000
  const corrections: string[] = []
  for (let i = 0; i < ids.length; i++) {
    const decidedAt = new Date(base + i * 1000).toISOString()
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('appeals').set({ status: 'approved', decision_outcome: 'approved', decision_reason_code: 'verified', decided_at: decidedAt }).where('id', '=', ids[i]).execute()
      corrections.push((await createCorrection(trx, ids[i], decidedAt)).id)
    })
  }
  const key = 'op_' + randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '').slice(0, 11)
  await db
    .insertInto('operators')
    .values({ id: randomUUID(), name: 'jkb-reliability', key_hash: sha256Hex(key), webhook_url: null, signing_secret: null, disabled_at: null, created_at: new Date().toISOString() })
    .execute()
  return { key, corrections }
}

async function call(base: string, key: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any } | null> {
  try {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  } catch {
    return null // the server died under us
  }
}

/** The result an operator gives a correction: deterministic, so a retried ack repeats the first one. */
function resultFor(id: string): 'cleared' | 'not_found' {
  return parseInt(id.slice(0, 2), 16) % 5 === 0 ? 'not_found' : 'cleared'
}

/** One operator client: pull a page from the start, ack each item, again, until the feed is empty. */
async function drain(bases: string[], key: string, limit: number, onAck: (id: string) => void, stop: () => boolean = () => false): Promise<'empty' | 'stopped' | 'died'> {
  let turn = 0
  for (;;) {
    if (stop()) return 'stopped'
    const base = bases[turn++ % bases.length]
    const page = await call(base, key, 'GET', `/operator/corrections?limit=${limit}`)
    if (!page) return 'died'
    expect(page.status).toBe(200)
    if (page.body.items.length === 0) return 'empty'
    for (const item of page.body.items) {
      if (stop()) return 'stopped'
      const r = await call(bases[turn++ % bases.length], key, 'POST', `/operator/corrections/${item.id}/ack`, { result: resultFor(item.id) })
      if (!r) return 'died'
      expect(r.status).toBe(200)
      onAck(item.id)
    }
  }
}

async function countBy(table: 'appeal_events' | 'outbox', column: 'type' | 'event', values: string[]): Promise<Map<string, number>> {
  const db = store.db.kysely as any
  const rows: { appeal_id: string; n: number | string }[] = await db
    .selectFrom(table)
    .select(['appeal_id', (eb: any) => eb.fn.countAll().as('n')])
    .where(column, 'in', values)
    .groupBy('appeal_id')
    .execute()
  return new Map(rows.map((r) => [r.appeal_id, Number(r.n)]))
}

/** Every correction handed over once, answered once, with one event and one notification per step. */
async function expectEachOnce(corrections: string[]): Promise<void> {
  const db = store.db.kysely
  const rows = await db.selectFrom('corrections').selectAll().execute()
  expect(rows).toHaveLength(corrections.length)
  for (const r of rows) {
    expect(r.acked_at).not.toBeNull()
    expect(r.handed_over_at).not.toBeNull()
    expect(r.result).toBe(resultFor(r.id))
    expect(r.status).toBe(resultFor(r.id) === 'cleared' ? 'cleared' : 'not_cleared')
  }
  const appealIds = rows.map((r) => r.appeal_id)
  for (const [table, column, values] of [
    ['appeal_events', 'type', ['handed_over']],
    ['appeal_events', 'type', ['popup_cleared', 'popup_not_cleared']],
    ['outbox', 'event', ['handed_over']],
    ['outbox', 'event', ['popup_cleared', 'popup_not_cleared']]
  ] as const) {
    const counts = await countBy(table, column, [...values])
    for (const id of appealIds) expect([table, values[0], id, counts.get(id) ?? 0]).toEqual([table, values[0], id, 1])
  }
  const acks = await db.selectFrom('audit_log').select('detail').where('action', '=', 'operator_ack').execute()
  const perCorrection = new Map<string, number>()
  for (const a of acks) {
    const id = JSON.parse(a.detail!).id as string
    perCorrection.set(id, (perCorrection.get(id) ?? 0) + 1)
  }
  expect([...perCorrection.values()].every((n) => n === 1)).toBe(true)
  expect(perCorrection.size).toBe(corrections.length)
}

it('kill -9 while an operator pulls and acknowledges: no correction lost, no ack applied twice', async () => {
  store = await createStore()
  const { key, corrections } = await seedApproved(240)
  const first = await startChild(store)
  children.push(first)
  const acked = new Set<string>()
  // kill once a third is answered, in the middle of a page: the page's other items were handed over, not answered
  const KILL_AT = 80
  let killed = false
  // four workers of the client at once (overlapping pages, so some acks race each other): the kill lands
  // while other pulls and acks are in flight
  const outcomes = await Promise.all(
    Array.from({ length: 4 }, () =>
      drain([first.base], key, 25, (id) => {
        acked.add(id)
        if (acked.size >= KILL_AT && !killed) {
          killed = true
          first.proc.kill('SIGKILL')
        }
      })
    )
  )
  expect(outcomes.every((o) => o === 'died')).toBe(true)
  await first.exited
  expect(killed).toBe(true)

  const db = store.db.kysely
  // what was acknowledged with a 200 survived the kill
  const stored = await db.selectFrom('corrections').select(['id', 'acked_at']).where('id', 'in', [...acked]).execute()
  expect(stored.every((r) => r.acked_at !== null)).toBe(true)

  // the client restarts from the start and also repeats every ack it sent (a lost answer looks the same)
  const second = await startChild(store)
  children.push(second)
  for (const id of acked) {
    const r = await call(second.base, key, 'POST', `/operator/corrections/${id}/ack`, { result: resultFor(id) })
    expect(r?.status).toBe(200)
  }
  expect(await drain([second.base], key, 25, (id) => acked.add(id))).toBe('empty')
  expect(acked.size).toBe(corrections.length)
  await expectEachOnce(corrections)
}, 120_000)

it('two API processes serving one operator hand each correction over once; the feed throughput of one client', async () => {
  store = await createStore()
  const { key, corrections } = await seedApproved(300)
  // one after the other: the first boot encrypts the seeded plaintext rows and makes the data key
  const a = await startChild(store)
  children.push(a)
  const b = await startChild(store)
  children.push(b)

  // six clients of one operator pull the whole feed at once, alternating instances, without answering
  const seen = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const ids: string[] = []
      let after: string | null = null
      let turn = i
      for (;;) {
        const base = turn++ % 2 === 0 ? a.base : b.base
        const r = await call(base, key, 'GET', `/operator/corrections?limit=40${after ? `&after=${after}` : ''}`)
        expect(r?.status).toBe(200)
        ids.push(...r!.body.items.map((x: any) => x.id))
        after = r!.body.next
        if (!after) return ids
      }
    })
  )
  // each client saw every correction, in the same (decision) order
  for (const ids of seen) expect(ids).toEqual(seen[0])
  expect(new Set(seen[0])).toEqual(new Set(corrections))
  const handed = await countBy('appeal_events', 'type', ['handed_over'])
  expect([...handed.values()].every((n) => n === 1)).toBe(true)
  expect(handed.size).toBe(corrections.length)
  const holders = await store.db.kysely.selectFrom('corrections').select('handed_over_at').where('handed_over_at', 'is', null).execute()
  expect(holders).toHaveLength(0)

  // one client, pages of 100 from the start, an ack per item, across both instances
  const started = Date.now()
  let n = 0
  expect(await drain([a.base, b.base], key, 100, () => n++)).toBe('empty')
  const seconds = (Date.now() - started) / 1000
  const dialect = store.env.DATABASE_URL ? 'postgres' : 'sqlite'
  console.log(`correction feed (${dialect}): ${n} items pulled + acknowledged by one client in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} items/s`)
  expect(n).toBe(corrections.length)
  await expectEachOnce(corrections)
}, 120_000)
