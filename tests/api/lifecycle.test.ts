// The whole lifecycle as a citizen and reviewers live it: withdraw, 弹窗已消失, supplement, urge, rate,
// look-up by tracking number, heartbeat, supervisors' reassign/release, lease expiry and the needs-info timeout
// (by back-dating rows, never sleeping). Every transition is a timeline event with its actor, and an outbox row.
import { runSweeps } from '../../server/jobs/sweeps'
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, tinyPng, hoursAgo, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let alice: { token: string; id: string }
let bob: { token: string; id: string }
let boss: { token: string; id: string }
let seed = 0

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  alice = await reviewerToken(server, api, 'alice')
  bob = await reviewerToken(server, api, 'bob')
  boss = await reviewerToken(server, api, 'boss', { supervisor: true, districts: [] })
})
afterAll(() => server.close())

async function fresh() {
  seed += 7
  return fileQuickAppeal(api, seed)
}

async function get(token: string, id: string) {
  const r = await api.call('GET', `/appeals/${id}`, { token })
  expect(r.status).toBe(200)
  return r.body
}

async function claimIt(token: string, id: string) {
  const r = await api.call('POST', `/review/appeals/${id}/claim`, { token })
  expect(r.status).toBe(200)
  return r.body
}

describe('citizen actions', () => {
  it('withdraw from queued → withdrawn (actor citizen); a second withdraw → 409', async () => {
    const { token, id } = await fresh()
    const r = await api.call('POST', `/appeals/${id}/withdraw`, { token, body: { reason: 'other' } })
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('withdrawn')
    expect(r.body.withdrawReason).toBe('other')
    expect(r.body.timeline.at(-1)).toMatchObject({ type: 'withdrawn', from: 'queued', to: 'withdrawn', actor: 'citizen' })
    const again = await api.call('POST', `/appeals/${id}/withdraw`, { token, body: { reason: 'other' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('TRANSITION_NOT_ALLOWED')
  })

  it('弹窗已消失 mid-review closes it and ends the lease; a plain withdraw from in_review → 409', async () => {
    const { token, id } = await fresh()
    await claimIt(alice.token, id)
    const plain = await api.call('POST', `/appeals/${id}/withdraw`, { token, body: { reason: 'other' } })
    expect(plain.status).toBe(409)
    const r = await api.call('POST', `/appeals/${id}/withdraw`, { token, body: { reason: 'self_cleared' } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'self_cleared' })
    expect(r.body.timeline.at(-1)).toMatchObject({ type: 'self_cleared', from: 'in_review', to: 'withdrawn', actor: 'citizen' })
    const d = await api.call('POST', `/review/appeals/${id}/decision`, { token: alice.token, body: { outcome: 'approved' } })
    expect(d.status).toBe(409)
    expect(d.body.error.code).toBe('NOT_HOLDING_APPEAL')
    const row = await server.app.db.kysely.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.claimed_by).toBeNull()
    expect(row.lease_until).toBeNull()
  })

  it('an unknown withdraw reason → 400', async () => {
    const { token, id } = await fresh()
    const r = await api.call('POST', `/appeals/${id}/withdraw`, { token, body: { reason: 'bored' } })
    expect(r.status).toBe(400)
  })

  it('supplement: needs_info → queued with new own screenshots, keeping its place; rules re-run; foreign uploads refused', async () => {
    const first = await fresh()
    const later = await fresh()
    await claimIt(alice.token, first.id)
    const ni = await api.call('POST', `/review/appeals/${first.id}/decision`, {
      token: alice.token,
      body: { outcome: 'needs_info', reasonCode: 'negative_test', note: '看不清' }
    })
    expect(ni.status).toBe(200)
    expect((await get(first.token, first.id)).status).toBe('needs_info')

    // another citizen's upload is not usable
    const stranger = await api.device()
    const foreign = await api.uploadOk(stranger, await tinyPng(200))
    const bad = await api.call('POST', `/appeals/${first.id}/supplement`, {
      token: first.token,
      body: { negativeTests: [{ shot: foreign, sampledAt: hoursAgo(1) }] }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('UPLOAD_NOT_USABLE')

    // evidence rules re-run: a test from the future is refused
    const mine = await api.uploadOk(first.token, await tinyPng(201))
    const future = await api.call('POST', `/appeals/${first.id}/supplement`, {
      token: first.token,
      body: { negativeTests: [{ shot: mine, sampledAt: new Date(Date.now() + 5 * 3600_000).toISOString() }] }
    })
    expect(future.status).toBe(422)

    const ok = await api.call('POST', `/appeals/${first.id}/supplement`, {
      token: first.token,
      body: { negativeTests: [{ shot: mine, sampledAt: hoursAgo(1) }], statement: '补充了清晰的核酸截图' }
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ status: 'queued', statement: '补充了清晰的核酸截图', decision: null })
    expect(ok.body.negativeTests).toEqual([{ shot: mine, sampledAt: expect.any(String) }])
    expect(ok.body.timeline.at(-1)).toMatchObject({ type: 'supplemented', from: 'needs_info', to: 'queued', actor: 'citizen' })
    // keeps its place: it is ahead of the appeal filed after it
    const a = await get(first.token, first.id)
    const b = await get(later.token, later.id)
    expect(a.queue.position).toBeLessThan(b.queue.position)
    // not in needs_info any more → 409
    const again = await api.call('POST', `/appeals/${first.id}/supplement`, { token: first.token, body: { statement: 'x' } })
    expect(again.status).toBe(409)
  })

  it('urge: once per 12 h (429 URGE_TOO_SOON), recorded, raises priority; allowed again after 12 h', async () => {
    const { token, id } = await fresh()
    const r = await api.call('POST', `/appeals/${id}/urge`, { token })
    expect(r.status).toBe(200)
    expect(r.body.urgedAt).toEqual(expect.any(String))
    expect(Date.parse(r.body.urgeAvailableAt) - Date.parse(r.body.urgedAt)).toBe(12 * 3600_000)
    expect(r.body.timeline.at(-1)).toMatchObject({ type: 'urged', from: 'queued', to: 'queued', actor: 'citizen' })
    const row = await server.app.db.kysely.selectFrom('appeals').select('priority').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.priority).toBe(1)
    const again = await api.call('POST', `/appeals/${id}/urge`, { token })
    expect(again.status).toBe(429)
    expect(again.body.error.code).toBe('URGE_TOO_SOON')
    await backdate(server, id, 13, ['urged_at'])
    expect((await api.call('POST', `/appeals/${id}/urge`, { token })).status).toBe(200)
  })

  it('rate: only after closing, once (409 ALREADY_RATED), score 1–5', async () => {
    const { token, id } = await fresh()
    expect((await api.call('POST', `/appeals/${id}/rating`, { token, body: { score: 5 } })).status).toBe(409)
    await claimIt(alice.token, id)
    expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: alice.token, body: { outcome: 'approved' } })).status).toBe(200)
    expect((await api.call('POST', `/appeals/${id}/rating`, { token, body: { score: 6 } })).status).toBe(400)
    const r = await api.call('POST', `/appeals/${id}/rating`, { token, body: { score: 4, comment: '处理很快' } })
    expect(r.status).toBe(200)
    expect(r.body.rating).toEqual({ score: 4, comment: '处理很快', at: expect.any(String) })
    const again = await api.call('POST', `/appeals/${id}/rating`, { token, body: { score: 1 } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_RATED')
  })

  it('look-up by tracking number: the owner only', async () => {
    const { token, id } = await fresh()
    const a = await get(token, id)
    const r = await api.call('GET', `/appeals/by-tracking/${a.trackingNo}`, { token })
    expect(r.status).toBe(200)
    expect(r.body.id).toBe(id)
    expect((await api.call('GET', `/appeals/by-tracking/${a.trackingNo.toLowerCase()}`, { token })).body.id).toBe(id)
    const other = await api.device()
    const o = await api.call('GET', `/appeals/by-tracking/${a.trackingNo}`, { token: other })
    expect(o.status).toBe(404)
    expect(o.body.error.code).toBe('APPEAL_NOT_FOUND')
  })
})

describe('reviewer actions', () => {
  it('claim a given appeal; heartbeat renews the lease; others cannot heartbeat or claim it', async () => {
    const { id } = await fresh()
    const c = await claimIt(alice.token, id)
    expect(c.claimedBy).toBe(alice.id)
    await backdate(server, id, 0.1, ['lease_until'])
    const before = (await server.app.db.kysely.selectFrom('appeals').select('lease_until').where('id', '=', id).executeTakeFirstOrThrow()).lease_until!
    const hb = await api.call('POST', `/review/appeals/${id}/heartbeat`, { token: alice.token })
    expect(hb.status).toBe(200)
    expect(Date.parse(hb.body.leaseUntil)).toBeGreaterThan(Date.parse(before))
    expect((await api.call('POST', `/review/appeals/${id}/heartbeat`, { token: bob.token })).status).toBe(409)
    const steal = await api.call('POST', `/review/appeals/${id}/claim`, { token: bob.token })
    expect(steal.status).toBe(409)
  })

  it('an expired lease returns the appeal to the queue with a system event (back-dated)', async () => {
    const { token, id } = await fresh()
    await claimIt(alice.token, id)
    await backdate(server, id, 1, ['lease_until'])
    const r = await runSweeps(server.app.db, server.config)
    expect(r.leasesExpired).toBeGreaterThanOrEqual(1)
    const a = await get(token, id)
    expect(a.status).toBe('queued')
    expect(a.timeline.at(-1)).toMatchObject({ type: 'lease_expired', from: 'in_review', to: 'queued', actor: 'system' })
    expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: alice.token, body: { outcome: 'approved' } })).status).toBe(409)
  })

  it('needs_info not supplemented in 7 days closes as rejected/no_supplement by the system', async () => {
    const { token, id } = await fresh()
    await claimIt(alice.token, id)
    await api.call('POST', `/review/appeals/${id}/decision`, { token: alice.token, body: { outcome: 'needs_info', reasonCode: 'second_test' } })
    expect((await runSweeps(server.app.db, server.config)).needsInfoClosed).toBe(0)
    await backdate(server, id, 6 * 24, ['updated_at'])
    expect((await runSweeps(server.app.db, server.config)).needsInfoClosed).toBe(0)
    await backdate(server, id, 2 * 24, ['updated_at'])
    expect((await runSweeps(server.app.db, server.config)).needsInfoClosed).toBe(1)
    const a = await get(token, id)
    expect(a.status).toBe('rejected')
    expect(a.decision).toMatchObject({ outcome: 'rejected', reasonCode: 'no_supplement' })
    expect(a.timeline.at(-1)).toMatchObject({ type: 'needs_info_timeout', from: 'needs_info', to: 'rejected', actor: 'system' })
  })

  it('supervisor reassigns to another reviewer, back to the queue, and releases others’ claims; others get 403', async () => {
    const { id } = await fresh()
    await claimIt(alice.token, id)
    expect((await api.call('POST', `/review/appeals/${id}/reassign`, { token: bob.token, body: { reviewerId: bob.id } })).status).toBe(403)
    const moved = await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: bob.id } })
    expect(moved.status).toBe(200)
    expect(moved.body.claimedBy).toBe(bob.id)
    expect((await api.call('GET', `/review/appeals/${id}`, { token: bob.token })).status).toBe(200)
    expect((await api.call('GET', `/review/appeals/${id}`, { token: alice.token })).status).toBe(409)
    // back to the queue
    const back = await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: null } })
    expect(back.status).toBe(200)
    expect(back.body.status).toBe('queued')
    // bob may not release alice's claim; the supervisor may
    await claimIt(alice.token, id)
    expect((await api.call('POST', `/review/appeals/${id}/release`, { token: bob.token })).status).toBe(409)
    expect((await api.call('POST', `/review/appeals/${id}/release`, { token: boss.token })).status).toBe(204)
    const events = await server.app.db.kysely.selectFrom('appeal_events').selectAll().where('appeal_id', '=', id).orderBy('id').execute()
    expect(events.map((e) => e.type)).toEqual(['submitted', 'claimed', 'reassigned', 'released', 'claimed', 'released'])
    expect(events.filter((e) => e.type === 'reassigned' || e.type === 'released').every((e) => e.actor_id === boss.id)).toBe(true)
  })

  it('every status change wrote one outbox row on the same transaction', async () => {
    const db = server.app.db.kysely
    const changes = await db.selectFrom('appeal_events').select('id').where('to_status', 'is not', null).whereRef('to_status', '!=', 'from_status').execute()
    const submitted = await db.selectFrom('appeal_events').select('id').where('type', '=', 'submitted').execute()
    const outbox = await db.selectFrom('outbox').select('id').execute()
    expect(outbox.length).toBe(changes.length + submitted.length)
  })
})
