// Two API processes on one database never double-claim: 50 claimers over 500 appeals, split across both
// instances, each working claim → decide until the queue is dry. Every appeal is claimed exactly once.
import { createStore, seedQueuedAppeals, seedReviewers, startChild, stopChild, type Child, type Store } from './child'

const APPEALS = 500
const CLAIMERS = 50

let store: Store
let reviewers: { id: string; token: string }[]
let a: Child
let b: Child

beforeAll(async () => {
  store = await createStore()
  await seedQueuedAppeals(store.db.kysely, APPEALS)
  // reviewers exist before both start, so neither creates the demo account (a first boot of two at once races on it)
  reviewers = await seedReviewers(store.db.kysely, CLAIMERS)
  ;[a, b] = await Promise.all([startChild(store), startChild(store)])
}, 150_000)

afterAll(async () => {
  await Promise.all([a && stopChild(a), b && stopChild(b)])
  await store?.drop()
})

async function post(base: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

it(`${CLAIMERS} claimers on two instances over ${APPEALS} appeals: each appeal claimed exactly once`, async () => {
  const claimed: string[] = []
  const started = Date.now()
  await Promise.all(
    reviewers.map(async (r, i) => {
      const base = i % 2 === 0 ? a.base : b.base
      for (;;) {
        const c = await post(base, '/review/claim', r.token)
        if (c.status === 204) return
        expect(c.status).toBe(200)
        claimed.push(c.body.id)
        const d = await post(base, `/review/appeals/${c.body.id}/decision`, r.token, { outcome: 'approved' })
        expect(d.status).toBe(200)
      }
    })
  )
  const seconds = (Date.now() - started) / 1000
  console.log(`two instances (${store.env.DATABASE_URL ? 'postgres' : 'sqlite'}): ${claimed.length} claims (+ decisions) in ${seconds.toFixed(1)} s = ${(claimed.length / seconds).toFixed(1)} claims/s`)
  expect(claimed).toHaveLength(APPEALS)
  expect(new Set(claimed).size).toBe(APPEALS)
  const db = store.db.kysely
  const open = await db.selectFrom('appeals').select('id').where('status', '!=', 'approved').execute()
  expect(open).toHaveLength(0)
  const events = await db.selectFrom('appeal_events').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'claimed').executeTakeFirstOrThrow()
  expect(Number(events.n)).toBe(APPEALS)
}, 150_000)
