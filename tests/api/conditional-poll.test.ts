// Issue 15: the citizen's status poll answers If-None-Match with 304 from memory — and never for an appeal
// that changed, whichever process (this server, or a second one on the same database) made the change; an
// ETag is worth nothing to anyone but its owner; a revoked session stops working even after it was cached.
import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../../server/auth/tokens'
import { sessionCacheOf } from '../../server/auth/session-cache'
import { startChild, stopChild, type Child } from './child'
import { addOperator, type TestOperator } from './correction-channels'
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, TEST_DATA_KEY, type TestServer } from './helpers'

let a: TestServer
let b: Child
let apiA: ReturnType<typeof client>
let apiB: ReturnType<typeof client>
let reviewer: string
let op: TestOperator

beforeAll(async () => {
  // queued appeals are answered from the per-district snapshot, as in production
  a = await startServer({ QUEUE_SNAPSHOT_MS: '1000' })
  apiA = client(a.base)
  reviewer = (await reviewerToken(a, apiA, 'poll-rev')).token
  op = await addOperator(a, 'poll-op')
  b = await startChild(
    { env: { DATA_DIR: a.dir, DATA_KEY: TEST_DATA_KEY, ...(a.config.databaseUrl ? { DATABASE_URL: a.config.databaseUrl } : {}) }, dir: a.dir, db: a.app.db, drop: async () => {} },
    { RATE_LIMIT_URGES_PER_CITIZEN: '0' }
  )
  apiB = client(b.base)
}, 120_000)

afterAll(async () => {
  if (b) await stopChild(b)
  await a?.close()
})

async function poll(api: ReturnType<typeof client>, token: string, id: string, etag?: string) {
  const r = await api.call('GET', `/appeals/${id}`, { token, headers: etag ? { 'if-none-match': etag } : {} })
  return { status: r.status, etag: r.headers.get('etag'), body: r.body }
}

/**
 * The ETag the server holds now, after checking it answers 304 to it (on the server that read it). A queued
 * appeal's ETA follows the decision rate of its district, which the other steps move: a 200 in between must
 * then carry a different ETag, and the next try settles.
 */
async function settled(token: string, id: string): Promise<string> {
  let etag = (await poll(apiA, token, id)).etag!
  for (let tries = 0; ; tries++) {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    const again = await poll(apiA, token, id, etag)
    if (again.status === 304) {
      expect(again.body).toBe('')
      expect(again.etag).toBe(etag)
      return etag
    }
    expect(again.status).toBe(200)
    expect(again.etag).not.toBe(etag)
    expect(tries).toBeLessThan(3)
    etag = again.etag!
  }
}

/** Both processes remember the view: the second full poll of an unchanged appeal is answered from memory. */
async function primeViews(token: string, id: string): Promise<void> {
  for (const api of [apiA, apiB]) {
    const first = await poll(api, token, id)
    const second = await poll(api, token, id)
    expect(second.status).toBe(200)
    expect(second.body.updatedAt).toBe(first.body.updatedAt)
  }
}

/** After a change: the old ETag gets the new body, and so does a poll without one, on both processes. */
async function changed(token: string, id: string, old: string, what: string): Promise<string> {
  for (const api of [apiA, apiB]) {
    const fresh = (await api.call('GET', `/appeals/by-tracking/${(await poll(api, token, id, old)).body.trackingNo}`, { token })).body
    const r = await poll(api, token, id, old)
    if (r.status !== 200) throw new Error(`${what}: ${r.status} for a changed appeal`)
    expect(r.etag).not.toBe(old)
    // no If-None-Match (a reload): the remembered view of the old state must be gone
    const plain = await poll(api, token, id)
    expect({ what, body: plain.body }).toEqual({ what, body: fresh })
  }
  const etag = await settled(token, id)
  // the body the ETag stands for is the whole view: the response schema drops nothing (decision, correction…)
  const full = await poll(apiA, token, id)
  expect(full.body).toEqual((await apiA.call('GET', `/appeals/by-tracking/${full.body.trackingNo}`, { token })).body)
  return etag
}

it('a poll with the current ETag is 304; after every kind of change, made by either process, it is 200 with the new state', async () => {
  const { token, id } = await fileQuickAppeal(apiA, 11)
  let etag = await settled(token, id)

  const steps: [string, () => Promise<unknown>][] = [
    ['urge (B)', async () => expect((await apiB.call('POST', `/appeals/${id}/urge`, { token })).status).toBe(200)],
    ['claim (B)', async () => expect((await apiB.call('POST', `/review/appeals/${id}/claim`, { token: reviewer })).status).toBe(200)],
    ['needs info (A)', async () => expect((await apiA.call('POST', `/review/appeals/${id}/decision`, { token: reviewer, body: { outcome: 'needs_info', reasonCode: 'other', note: '请补充' } })).status).toBe(200)],
    ['supplement (B)', async () => expect((await apiB.call('POST', `/appeals/${id}/supplement`, { token, body: { statement: '补充说明' } })).status).toBe(200)],
    ['claim (A)', async () => expect((await apiA.call('POST', `/review/appeals/${id}/claim`, { token: reviewer })).status).toBe(200)],
    ['approve (B)', async () => expect((await apiB.call('POST', `/review/appeals/${id}/decision`, { token: reviewer, body: { outcome: 'approved' } })).status).toBe(200)],
    ['hand-over (B)', async () => expect((await apiB.call('GET', '/operator/corrections', { token: op.key })).status).toBe(200)],
    ['operator ack (A)', async () => {
      const c = await a.app.db.kysely.selectFrom('corrections').select('id').where('appeal_id', '=', id).executeTakeFirstOrThrow()
      expect((await apiA.call('POST', `/operator/corrections/${c.id}/ack`, { token: op.key, body: { result: 'cleared' } })).status).toBe(200)
    }],
    ['still popped (B)', async () => expect((await apiB.call('POST', `/appeals/${id}/still-popped`, { token, body: {} })).status).toBe(200)],
    ['a direct write to the row (a sweep, a CLI)', () => backdate(a, id, 48, ['due_at'])]
  ]
  for (const [what, step] of steps) {
    await primeViews(token, id)
    await step()
    etag = await changed(token, id, etag, what)
  }
})

it("another citizen's ETag says nothing: a poll of an appeal that is not yours is 404 with or without If-None-Match", async () => {
  const owner = await fileQuickAppeal(apiA, 21)
  const other = await fileQuickAppeal(apiA, 23)
  const etag = await settled(owner.token, owner.id)
  for (const api of [apiA, apiB]) {
    const theirs = await poll(api, other.token, owner.id, etag)
    expect(theirs.status).toBe(404)
    expect(theirs.etag).toBeNull()
    expect(theirs.body.error.code).toBe('APPEAL_NOT_FOUND')
    // the owner's ETag sent with the owner's token for someone else's appeal: the same 404
    expect((await poll(api, owner.token, other.id, etag)).status).toBe(404)
  }
  // ETags are per owner: two appeals in the same state never share one
  expect(await settled(other.token, other.id)).not.toBe(etag)
})

it('polls arriving together after a change share one read: every one gets the new state, a stranger among them 404', async () => {
  const owner = await fileQuickAppeal(apiA, 41)
  const stranger = await fileQuickAppeal(apiA, 43)
  let etag = await settled(owner.token, owner.id)
  for (const [api, other] of [
    [apiA, apiB],
    [apiB, apiA]
  ]) {
    await primeViews(owner.token, owner.id)
    // the change is made on the other process: the burst below meets an appeal it must read again
    expect((await other.call('POST', `/appeals/${owner.id}/urge`, { token: owner.token })).status).toBe(200)
    const burst = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => poll(api, owner.token, owner.id, i % 2 ? etag : undefined)),
      ...Array.from({ length: 4 }, () => poll(api, stranger.token, owner.id))
    ])
    const fresh = (await api.call('GET', `/appeals/by-tracking/${burst[0].body.trackingNo}`, { token: owner.token })).body
    expect(fresh.urgedAt).not.toBeNull()
    // the queue position comes from the district's snapshot (refreshed each second, other tests' appeals
    // move it): compared apart from the rest, which must be the fresh state exactly
    const { queue: _freshQueue, ...freshRest } = fresh
    for (const r of burst.slice(0, 12)) {
      expect(r.status).toBe(200)
      expect(r.etag).not.toBe(etag)
      const { queue, ...rest } = r.body
      expect(queue).toMatchObject({ position: expect.any(Number) })
      expect(rest).toEqual(freshRest)
    }
    for (const r of burst.slice(12)) {
      expect(r.status).toBe(404)
      expect(r.body.error.code).toBe('APPEAL_NOT_FOUND')
    }
    etag = await settled(owner.token, owner.id)
    // urging again is allowed only later: make the next round's change possible
    await backdate(a, owner.id, 48, ['urged_at'])
    etag = await settled(owner.token, owner.id)
  }
})

it('a revoked session is refused within seconds even after it was cached, whichever process revoked it', async () => {
  const { token, id } = await fileQuickAppeal(apiA, 31)
  await settled(token, id)
  // the retention sweep, or another process: the row goes
  await a.app.db.kysely.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute()
  expect(await secondsUntil401(() => poll(apiA, token, id))).toBeLessThan(3)

  const r = await reviewerToken(a, apiA, 'poll-rev-2')
  expect((await apiA.call('GET', '/reviewer/me', { token: r.token })).status).toBe(200)
  expect((await apiB.call('DELETE', '/reviewer/session', { token: r.token })).status).toBe(204)
  expect(await secondsUntil401(() => apiA.call('GET', '/reviewer/me', { token: r.token }))).toBeLessThan(3)
})

it('requests with made-up tokens are 401 and leave nothing behind in the session cache', async () => {
  const { id } = await fileQuickAppeal(apiA, 51)
  const cache = sessionCacheOf(a.app.db.kysely)!
  const lookups = () => (cache as unknown as { loading: Map<string, unknown> }).loading.size
  const answers = await Promise.all(
    Array.from({ length: 200 }, () => apiA.call('GET', `/appeals/${id}`, { token: randomBytes(32).toString('base64url') }))
  )
  expect(answers.every((r) => r.status === 401)).toBe(true)
  expect(lookups()).toBe(0)
})

async function secondsUntil401(call: () => Promise<{ status: number }>): Promise<number> {
  const started = Date.now()
  for (;;) {
    const s = (await call()).status
    if (s === 401) return (Date.now() - started) / 1000
    expect(s === 200 || s === 304).toBe(true)
    if (Date.now() - started > 5000) return Infinity
    await new Promise((res) => setTimeout(res, 50))
  }
}
