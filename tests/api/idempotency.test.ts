// Idempotency-Key on create, supplement and decision: the same request fired concurrently does the work once;
// every copy gets the first result (same status, same body).
import { appealBody, client, reviewerToken, startServer, tinyPng, hoursAgo, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

it('create: 10 concurrent copies with one key → one appeal, ten identical 201s', async () => {
  const token = await api.device()
  const popup = await api.uploadOk(token, await tinyPng(1))
  const neg = await api.uploadOk(token, await tinyPng(2))
  const body = appealBody({ popup, tests: [neg] })
  const headers = { 'idempotency-key': 'create-7f3a9c' }
  const results = await Promise.all(Array.from({ length: 10 }, () => api.call('POST', '/appeals', { token, body, headers })))
  for (const r of results) expect(r.status).toBe(201)
  const ids = new Set(results.map((r) => r.body.id))
  expect(ids.size).toBe(1)
  expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1)
  const rows = await server.app.db.kysely.selectFrom('appeals').select('id').where('citizen_id', 'in', server.app.db.kysely.selectFrom('sessions').select('subject_id')).execute()
  expect(rows.filter((r) => ids.has(r.id))).toHaveLength(1)
  const count = await server.app.db.kysely.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  expect(Number(count.n)).toBe(1)

  // a later retry still gets the first result; the same key from ANOTHER citizen is a different request
  const retry = await api.call('POST', '/appeals', { token, body, headers })
  expect(retry.status).toBe(201)
  expect(retry.body.id).toBe(results[0].body.id)
  const other = await api.device()
  const foreign = await api.call('POST', '/appeals', { token: other, body, headers })
  expect(foreign.status).toBe(400) // not the first citizen's stored result: their own request, with uploads that are not theirs
  expect(foreign.body.error.code).toBe('UPLOAD_NOT_USABLE')
})

it('a failed first attempt is not stored: the retry with the same key runs afresh', async () => {
  const token = await api.device()
  const popup = await api.uploadOk(token, await tinyPng(3))
  const neg = await api.uploadOk(token, await tinyPng(4))
  const headers = { 'idempotency-key': 'retry-after-fix' }
  const bad = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }, { district: 'Gotham' }), headers })
  expect(bad.status).toBe(400)
  const ok = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }), headers })
  expect(ok.status).toBe(201)
  expect((await api.call('POST', '/appeals', { token, body: {}, headers: { 'idempotency-key': 'bad key with spaces' } })).status).toBe(400)
})

it('decision and supplement: concurrent copies with one key → one transition each', async () => {
  const { token: rev } = await reviewerToken(server, api, 'idem-rev')
  const token = await api.device()
  const popup = await api.uploadOk(token, await tinyPng(5))
  const neg = await api.uploadOk(token, await tinyPng(6))
  const created = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }) })
  const id = created.body.id
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: rev })).status).toBe(200)

  const decision = { outcome: 'needs_info', reasonCode: 'negative_test' }
  const ds = await Promise.all(
    Array.from({ length: 8 }, () => api.call('POST', `/review/appeals/${id}/decision`, { token: rev, body: decision, headers: { 'idempotency-key': 'decide-1' } }))
  )
  for (const d of ds) expect(d.status).toBe(200)
  expect(new Set(ds.map((d) => JSON.stringify(d.body))).size).toBe(1)

  const shot = await api.uploadOk(token, await tinyPng(7))
  const sup = { negativeTests: [{ shot, sampledAt: hoursAgo(1) }] }
  const ss = await Promise.all(
    Array.from({ length: 8 }, () => api.call('POST', `/appeals/${id}/supplement`, { token, body: sup, headers: { 'idempotency-key': 'sup-1' } }))
  )
  for (const s of ss) expect(s.status).toBe(200)
  expect(new Set(ss.map((s) => s.body.updatedAt)).size).toBe(1)

  const events = await server.app.db.kysely.selectFrom('appeal_events').select('type').where('appeal_id', '=', id).orderBy('id').execute()
  expect(events.map((e) => e.type)).toEqual(['submitted', 'claimed', 'info_requested', 'supplemented'])
})
