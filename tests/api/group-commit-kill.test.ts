// Group commit under SIGKILL (issue 15): a server process takes creates and claims from many clients at once,
// so batches share commits and WAL syncs; it is killed mid-load. Every create and every claim that got a 2xx
// before the kill is in the store afterwards, and a restarted server serves them.
import { createStore, seedCitizen, seedQueuedAppeals, seedReviewers, seedUploads, startChild, stopChild, type Child, type Store } from './child'
import { appealBody } from './helpers'

const CREATERS = 12
const PLANNED_CREATES = 400
const KILL_AFTER_ACKS = 80

let store: Store
let child: Child | null = null

beforeAll(async () => {
  store = await createStore()
}, 150_000)
afterAll(async () => {
  if (child) await stopChild(child)
  await store?.drop()
})

async function post(url: string, token: string, body?: unknown): Promise<{ status: number; body: any } | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: res.status, body: await res.json() }
  } catch {
    return null // the server died under us
  }
}

it('SIGKILL under concurrent creates and claims loses no acknowledged write', async () => {
  const db = store.db.kysely
  const citizen = await seedCitizen(db)
  const uploads = await seedUploads(db, citizen.id, PLANNED_CREATES * 2)
  await seedQueuedAppeals(db, 200, '西城区')
  const reviewers = await seedReviewers(db, 16, ['西城区'])

  child = await startChild(store)
  const victim = child
  const created = new Map<string, string>() // appeal id → statement
  const claimed = new Map<string, string>() // appeal id → reviewer id
  let next = 0
  let killed = false
  const maybeKill = () => {
    if (!killed && created.size + claimed.size >= KILL_AFTER_ACKS) {
      killed = true
      victim.proc.kill('SIGKILL')
    }
  }
  const creaters = Array.from({ length: CREATERS }, async () => {
    while (!killed && next < PLANNED_CREATES) {
      const i = next++
      const statement = `第 ${i} 条申诉`
      const res = await post(`${victim.base}/api/v1/appeals`, citizen.token, appealBody({ popup: uploads[2 * i], tests: [uploads[2 * i + 1]] }, { statement }))
      if (res?.status === 201) created.set(res.body.id, statement)
      else if (res) throw new Error(`create: unexpected ${res.status} ${JSON.stringify(res.body)}`)
      maybeKill()
    }
  })
  // each reviewer claims, releases nothing, and claims again only after its lease is gone: one claim each, kept
  const claimers = reviewers.map(async (r) => {
    const res = await post(`${victim.base}/api/v1/review/claim`, r.token)
    if (res?.status === 200) claimed.set(res.body.id, r.id)
    else if (res) throw new Error(`claim: unexpected ${res.status} ${JSON.stringify(res.body)}`)
    maybeKill()
  })
  await Promise.all([...creaters, ...claimers])
  if (!killed) {
    killed = true
    victim.proc.kill('SIGKILL')
  }
  await victim.exited
  child = null
  console.log(`group-commit kill (${store.env.DATABASE_URL ? 'postgres' : 'sqlite'}): ${created.size} creates and ${claimed.size} claims acknowledged before SIGKILL; ${next} creates attempted`)
  expect(created.size).toBeGreaterThan(0)
  expect(next).toBeLessThan(PLANNED_CREATES) // the kill really came mid-load

  // the store after the kill: every acknowledged write is there
  const ids = [...created.keys()]
  const rows = await db.selectFrom('appeals').select(['id', 'status']).where('id', 'in', ids).execute()
  expect(rows.map((r) => r.id).sort()).toEqual(ids.sort())
  if (claimed.size > 0) {
    const held = await db.selectFrom('appeals').select(['id', 'status', 'claimed_by']).where('id', 'in', [...claimed.keys()]).execute()
    expect(held).toHaveLength(claimed.size)
    for (const h of held) expect(h).toMatchObject({ status: 'in_review', claimed_by: claimed.get(h.id) })
  }

  // and a restarted server serves them
  child = await startChild(store)
  for (const [id, statement] of created) {
    const res = await fetch(`${child.base}/api/v1/appeals/${id}`, { headers: { authorization: `Bearer ${citizen.token}` } })
    expect(res.status).toBe(200)
    expect((await res.json()).statement).toBe(statement)
  }
}, 180_000)
