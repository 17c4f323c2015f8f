// SIGKILL in the middle of a burst of submissions: after a restart every appeal that got a 201 is there,
// intact, and retrying every request with its Idempotency-Key creates nothing new (one appeal per key).
import { createStore, seedCitizen, seedUploads, startChild, stopChild, type Child, type Store } from './child'
import { appealBody } from './helpers'

const PLANNED = 300
const CONCURRENCY = 8
const KILL_AFTER_CREATED = 60

let store: Store
let child: Child | null = null

beforeAll(async () => {
  store = await createStore()
}, 150_000)
afterAll(async () => {
  if (child) await stopChild(child)
  await store?.drop()
})

async function create(base: string, token: string, key: string, body: unknown): Promise<{ status: number; body: any } | null> {
  try {
    const res = await fetch(`${base}/api/v1/appeals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body)
    })
    return { status: res.status, body: await res.json() }
  } catch {
    return null // the server died under us
  }
}

it('a hard kill mid-burst loses no acknowledged appeal; retries with the same key create nothing new', async () => {
  const db = store.db.kysely
  const citizen = await seedCitizen(db)
  const uploads = await seedUploads(db, citizen.id, PLANNED * 2)
  const requests = Array.from({ length: PLANNED }, (_, i) => ({
    key: `burst-${i}`,
    body: appealBody({ popup: uploads[2 * i], tests: [uploads[2 * i + 1]] }, { statement: `第 ${i} 条：<b>'; DROP TABLE appeals; --</b>` })
  }))

  child = await startChild(store)
  const acknowledged = new Map<string, any>()
  const attempted = new Set<string>()
  let next = 0
  let killedAt = 0
  const started = Date.now()
  const victim = child
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length && !killedAt) {
        const r = requests[next++]
        attempted.add(r.key)
        const res = await create(victim.base, citizen.token, r.key, r.body)
        if (res?.status === 201) acknowledged.set(r.key, res.body)
        else if (res) throw new Error(`unexpected ${res.status} ${JSON.stringify(res.body)}`)
        if (acknowledged.size >= KILL_AFTER_CREATED && !killedAt) {
          killedAt = Date.now()
          victim.proc.kill('SIGKILL')
        }
      }
    })
  )
  await victim.exited
  const seconds = (killedAt - started) / 1000
  console.log(
    `kill test (${store.env.DATABASE_URL ? 'postgres' : 'sqlite'}): ${acknowledged.size} appeals acknowledged in ${seconds.toFixed(2)} s before SIGKILL = ${(acknowledged.size / seconds).toFixed(1)} appeals/s; ${attempted.size - acknowledged.size} in flight`
  )
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_CREATED)
  expect(attempted.size).toBeLessThan(PLANNED) // the kill really came mid-burst

  child = await startChild(store)
  // every acknowledged appeal is there, intact
  for (const [, body] of acknowledged) {
    const res = await fetch(`${child.base}/api/v1/appeals/${body.id}`, { headers: { authorization: `Bearer ${citizen.token}` } })
    expect(res.status).toBe(200)
    const now = await res.json()
    expect({ ...now, queue: null, overdue: null }).toEqual({ ...body, queue: null, overdue: null })
    expect(now.statement).toContain("<b>'; DROP TABLE appeals; --</b>")
  }
  // retry everything that was attempted: same id for the acknowledged, exactly one appeal per key overall
  const ids = new Map<string, string>()
  for (const r of requests.filter((q) => attempted.has(q.key))) {
    const res = await create(child.base, citizen.token, r.key, r.body)
    expect(res?.status).toBe(201)
    ids.set(r.key, res!.body.id)
    if (acknowledged.has(r.key)) expect(res!.body.id).toBe(acknowledged.get(r.key).id)
  }
  expect(new Set(ids.values()).size).toBe(attempted.size)
  const count = await db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  expect(Number(count.n)).toBe(attempted.size)
}, 150_000)
