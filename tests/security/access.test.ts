// IDOR: every route with an id, tried by another citizen, another district's reviewer, and after the lease
// ran out. Someone else's appeal or file is "not found", never "forbidden" (no existence oracle).
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, type TestServer } from '../api/helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

async function fileOf(id: string): Promise<string> {
  const row = await server.app.db.kysely.selectFrom('appeals').select('popup_shot').where('id', '=', id).executeTakeFirstOrThrow()
  return row.popup_shot
}

it('another citizen gets 404 on every citizen route with an id, and on the files', async () => {
  const mine = await fileQuickAppeal(api, 1)
  const other = await api.device()
  const shot = await fileOf(mine.id)
  const appeal = await api.call('GET', `/appeals/${mine.id}`, { token: mine.token })
  const tracking = appeal.body.trackingNo
  const attempts: [string, string, unknown?][] = [
    ['GET', `/appeals/${mine.id}`],
    ['GET', `/appeals/by-tracking/${tracking}`],
    ['POST', `/appeals/${mine.id}/withdraw`, { reason: 'other' }],
    ['POST', `/appeals/${mine.id}/urge`],
    ['POST', `/appeals/${mine.id}/rating`, { score: 5 }],
    ['POST', `/appeals/${mine.id}/supplement`, { statement: 'x' }],
    ['GET', `/appeals/${mine.id}/receipt`],
    ['DELETE', `/me/appeals/${mine.id}`],
    ['GET', `/files/${shot}`]
  ]
  for (const [method, url, body] of attempts) {
    const r = await api.call(method, url, { token: other, body })
    expect([url, r.status]).toEqual([url, 404])
  }
  // a citizen token is no reviewer token
  expect((await api.call('GET', `/review/appeals/${mine.id}`, { token: other })).status).toBe(401)
  expect((await api.call('GET', `/review/queue`, { token: other })).status).toBe(401)
  // and it still works for the owner
  expect((await api.call('GET', `/files/${shot}`, { token: mine.token })).status).toBe(200)
  const export2 = await api.call('GET', '/me/export', { token: other })
  expect(export2.body.appeals).toEqual([])
})

it("another district's reviewer gets 404 on every reviewer route with an id; screenshots only while holding the lease", async () => {
  const filed = await fileQuickAppeal(api, 10) // 朝阳区
  const shot = await fileOf(filed.id)
  const far = await reviewerToken(server, api, 'idor-far', { districts: ['海淀区'] })
  for (const [method, url] of [
    ['GET', `/review/appeals/${filed.id}`],
    ['POST', `/review/appeals/${filed.id}/claim`],
    ['POST', `/review/appeals/${filed.id}/heartbeat`],
    ['POST', `/review/appeals/${filed.id}/release`],
    ['GET', `/review/appeals/${filed.id}/history`],
    ['GET', `/files/${shot}`]
  ] as const) {
    const r = await api.call(method, url, { token: far.token })
    expect([url, r.status]).toEqual([url, 404])
  }
  const d = await api.call('POST', `/review/appeals/${filed.id}/decision`, { token: far.token, body: { outcome: 'approved' } })
  expect(d.status).toBe(404)

  const near = await reviewerToken(server, api, 'idor-near', { districts: ['朝阳区'] })
  // in the district but not holding it: no screenshots
  expect((await api.call('GET', `/files/${shot}`, { token: near.token })).status).toBe(404)
  expect((await api.call('POST', `/review/appeals/${filed.id}/claim`, { token: near.token })).status).toBe(200)
  const file = await fetch(`${server.base}/api/v1/files/${shot}`, { headers: { authorization: `Bearer ${near.token}` } })
  expect(file.status).toBe(200)
  expect(file.headers.get('content-type')).toMatch(/^image\//)
  expect(file.headers.get('content-disposition')).toBe('inline')
  expect(file.headers.get('x-content-type-options')).toBe('nosniff')
  // another reviewer of the same district, while it is held: no screenshots, no decision
  const peer = await reviewerToken(server, api, 'idor-peer', { districts: ['朝阳区'] })
  expect((await api.call('GET', `/files/${shot}`, { token: peer.token })).status).toBe(404)
  expect((await api.call('POST', `/review/appeals/${filed.id}/decision`, { token: peer.token, body: { outcome: 'approved' } })).status).toBe(409)

  // the lease runs out: the holder loses the screenshots and the decision
  await backdate(server, filed.id, 1, ['lease_until'])
  expect((await api.call('GET', `/files/${shot}`, { token: near.token })).status).toBe(404)
  const late = await api.call('POST', `/review/appeals/${filed.id}/decision`, { token: near.token, body: { outcome: 'approved' } })
  expect(late.status).toBe(409)
})

it('supervisor-only routes refuse a plain reviewer; the audit query pages for supervisors and is itself audited', async () => {
  const plain = await reviewerToken(server, api, 'aud-plain', { districts: ['朝阳区'] })
  expect((await api.call('GET', '/review/audit', { token: plain.token })).status).toBe(403)
  expect((await api.call('GET', '/review/stats.csv', { token: plain.token })).status).toBe(403)
  const boss = await reviewerToken(server, api, 'aud-boss', { supervisor: true })
  const p1 = await api.call('GET', '/review/audit?action=login_success&limit=2', { token: boss.token })
  expect(p1.status).toBe(200)
  expect(p1.body.items).toHaveLength(2)
  expect(p1.body.items.every((i: any) => i.action === 'login_success')).toBe(true)
  expect(p1.body.nextCursor).toEqual(expect.any(Number))
  const p2 = await api.call('GET', `/review/audit?action=login_success&limit=2&cursor=${p1.body.nextCursor}`, { token: boss.token })
  expect(p2.body.items[0].id).toBeLessThan(p1.body.items[1].id)
  const mine = await api.call('GET', `/review/audit?actorId=${boss.id}&from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`, { token: boss.token })
  expect(mine.body.items.map((i: any) => i.action)).toEqual(expect.arrayContaining(['export_audit', 'login_success']))
  const csv = await api.call('GET', '/review/stats.csv', { token: boss.token })
  expect(csv.status).toBe(200)
  const after = await api.call('GET', `/review/audit?action=export_stats`, { token: boss.token })
  expect(after.body.items.length).toBe(1)
})
