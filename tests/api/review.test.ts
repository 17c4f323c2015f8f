// Reviewer decisions other than approval, and everything a reviewer may not do.
import type { Appeal } from '../../types/appeal'
import type { QueueResponse, ReviewAppealResponse } from '../../types/api'
import { addReviewer, client, fileQuickAppeal, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let alice: string // 朝阳区
let bob: string // 朝阳区
let carol: string // 海淀区

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  for (const [name, d] of [
    ['alice', '朝阳区'],
    ['bob', '朝阳区'],
    ['carol', '海淀区']
  ] as const) {
    const r = await addReviewer(server, name, { districts: [d] })
    const login = await api.reviewerLogin(r.username, r.password)
    if (name === 'alice') alice = login.token
    else if (name === 'bob') bob = login.token
    else carol = login.token
  }
})
afterAll(() => server.close())

async function claimFresh(token: string, seed: number): Promise<{ citizen: string; id: string }> {
  const filed = await fileQuickAppeal(api, seed)
  const c = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token })
  expect(c.status).toBe(200)
  expect(c.body.id).toBe(filed.id)
  return { citizen: filed.token, id: filed.id }
}

describe('reviewer decisions', () => {
  it('rejects with a reason code; the citizen sees rejected, the code and the reason text', async () => {
    const { citizen, id } = await claimFresh(alice, 10)
    const d = await api.call<ReviewAppealResponse>('POST', `/review/appeals/${id}/decision`, {
      token: alice,
      body: { outcome: 'rejected', reasonCode: 'not_negative' }
    })
    expect(d.status).toBe(200)
    const mine = await api.call<Appeal>('GET', `/appeals/${id}`, { token: citizen })
    expect(mine.body.status).toBe('rejected')
    expect(mine.body.decision).toMatchObject({ outcome: 'rejected', reasonCode: 'not_negative', note: null })
    expect(mine.body.timeline.at(-1)).toMatchObject({ type: 'rejected', from: 'in_review', to: 'rejected', note: '核酸结果不是阴性或尚未出结果' })
  })

  it('asks for more information with a needs_info code', async () => {
    const { citizen, id } = await claimFresh(alice, 20)
    const d = await api.call<ReviewAppealResponse>('POST', `/review/appeals/${id}/decision`, {
      token: alice,
      body: { outcome: 'needs_info', reasonCode: 'second_test', note: '请补第二次' }
    })
    expect(d.status).toBe(200)
    const mine = await api.call<Appeal>('GET', `/appeals/${id}`, { token: citizen })
    expect(mine.body.status).toBe('needs_info')
    expect(mine.body.decision).toMatchObject({ outcome: 'needs_info', reasonCode: 'second_test', note: '请补第二次' })
    expect(mine.body.timeline.at(-1)?.type).toBe('info_requested')
  })

  it('releases an appeal back to the queue with an event', async () => {
    const { citizen, id } = await claimFresh(alice, 30)
    const r = await api.call('POST', `/review/appeals/${id}/release`, { token: alice })
    expect(r.status).toBe(204)
    const mine = await api.call<Appeal>('GET', `/appeals/${id}`, { token: citizen })
    expect(mine.body.status).toBe('queued')
    expect(mine.body.timeline.at(-1)).toMatchObject({ type: 'released', from: 'in_review', to: 'queued', actor: 'reviewer' })
    // someone else can now claim it
    const c = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: bob })
    expect(c.body.id).toBe(id)
    await api.call('POST', `/review/appeals/${id}/release`, { token: bob })
  })

  it('an expired lease goes back to the queue (back-dated, no sleeping) and the old holder cannot decide', async () => {
    // drain the queue left by the previous test
    const left = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: bob })
    if (left.status === 200) await api.call('POST', `/review/appeals/${left.body.id}/decision`, { token: bob, body: { outcome: 'approved' } })

    const { citizen, id } = await claimFresh(alice, 40)
    await server.app.db.kysely.updateTable('appeals').set({ lease_until: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', id).execute()
    const late = await api.call('POST', `/review/appeals/${id}/decision`, { token: alice, body: { outcome: 'approved' } })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('NOT_HOLDING_APPEAL')

    const c = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: bob })
    expect(c.body.id).toBe(id)
    const mine = await api.call<Appeal>('GET', `/appeals/${id}`, { token: citizen })
    expect(mine.body.timeline.map((e) => e.type)).toEqual(['submitted', 'claimed', 'lease_expired', 'claimed'])
    expect(mine.body.timeline[2]).toMatchObject({ actor: 'system', from: 'in_review', to: 'queued' })
    await api.call('POST', `/review/appeals/${id}/decision`, { token: bob, body: { outcome: 'approved' } })
  })
})

describe('what a reviewer may not do', () => {
  it('reviewer routes without a token → 401 UNAUTHENTICATED', async () => {
    const r = await api.call('GET', '/review/queue')
    expect(r.status).toBe(401)
    expect(r.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新进入' })
    expect((await api.call('POST', '/review/claim')).status).toBe(401)
  })

  it('reviewer routes with a citizen token → 401', async () => {
    const citizen = await api.device()
    const r = await api.call('POST', '/review/claim', { token: citizen })
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('a reviewer token cannot file appeals (citizen routes) → 401', async () => {
    const r = await api.call('GET', '/appeals', { token: alice })
    expect(r.status).toBe(401)
  })

  it('wrong password and unknown user get the same 401 BAD_CREDENTIALS', async () => {
    const a = await api.call('POST', '/reviewer/session', { body: { username: 'alice', password: 'wrong-password' } })
    const b = await api.call('POST', '/reviewer/session', { body: { username: 'nobody', password: 'wrong-password' } })
    expect(a.status).toBe(401)
    expect(b.status).toBe(401)
    expect({ ...a.body.error, requestId: undefined }).toEqual({ ...b.body.error, requestId: undefined })
    expect(a.body.error.code).toBe('BAD_CREDENTIALS')
  })

  it('a decision on an appeal you do not hold → 409 NOT_HOLDING_APPEAL', async () => {
    const { id } = await claimFresh(alice, 50)
    const r = await api.call('POST', `/review/appeals/${id}/decision`, { token: bob, body: { outcome: 'approved' } })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('NOT_HOLDING_APPEAL')
    expect((await api.call('GET', `/review/appeals/${id}`, { token: bob })).status).toBe(409)
    expect((await api.call('POST', `/review/appeals/${id}/release`, { token: bob })).status).toBe(409)
  })

  it('rejecting without a reason code → 400 REASON_REQUIRED; a needs_info code does not count for a rejection', async () => {
    const held = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: alice }) // still holds the previous one
    const id = held.body.id
    const r = await api.call('POST', `/review/appeals/${id}/decision`, { token: alice, body: { outcome: 'rejected' } })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'REASON_REQUIRED', message: '请选择原因' })
    const wrongList = await api.call('POST', `/review/appeals/${id}/decision`, {
      token: alice,
      body: { outcome: 'rejected', reasonCode: 'second_test' }
    })
    expect(wrongList.body.error.code).toBe('REASON_REQUIRED')
    const ni = await api.call('POST', `/review/appeals/${id}/decision`, { token: alice, body: { outcome: 'needs_info' } })
    expect(ni.body.error.code).toBe('REASON_REQUIRED')
  })

  it('deciding twice: the appeal is no longer held → 409', async () => {
    const held = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: alice })
    const id = held.body.id
    expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: alice, body: { outcome: 'approved' } })).status).toBe(200)
    const again = await api.call('POST', `/review/appeals/${id}/decision`, { token: alice, body: { outcome: 'rejected', reasonCode: 'other' } })
    expect(again.status).toBe(409)
  })

  it('another district: the queue does not show it, claim finds nothing, direct access → 404', async () => {
    const { id } = await fileQuickAppeal(api, 60) // 朝阳区
    const q = await api.call<QueueResponse>('GET', '/review/queue', { token: carol })
    expect(q.body.items).toEqual([])
    expect(q.body.counts.queued).toBe(0)
    expect((await api.call('POST', '/review/claim', { token: carol })).status).toBe(204)
    const r = await api.call('GET', `/review/appeals/${id}`, { token: carol })
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('APPEAL_NOT_FOUND')
  })

  it('a supervisor sees every district', async () => {
    const s = await addReviewer(server, 'boss', { districts: [], supervisor: true })
    const login = await api.reviewerLogin(s.username, s.password)
    const q = await api.call<QueueResponse>('GET', '/review/queue', { token: login.token })
    expect(q.body.counts.queued).toBeGreaterThanOrEqual(1)
  })

  it('an unknown queue status → 400', async () => {
    const r = await api.call('GET', '/review/queue?status=bogus', { token: alice })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  })
})
