// Idempotency keys keep no personal data and expire: a decision's replay is rendered again from the appeal
// (not from a stored copy of the reviewer's full view), is audited once, and keys older than 24 h are swept.
import { runSweeps } from '../../server/jobs/sweeps'
import { IDEMPOTENCY_TTL_HOURS } from '../../server/idempotency/service'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import { appealBody, client, reviewerToken, startServer, tinyPng, VALID_ID, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

const k = () => server.app.db.kysely
const NAME = '欧阳明'
const PHONE = '13912345678'
const STATEMENT = '家住望京，只去过药店买退烧药'

async function file(token: string, seed: number, headers: Record<string, string> = {}) {
  const popup = await api.uploadOk(token, await tinyPng(seed))
  const neg = await api.uploadOk(token, await tinyPng(seed + 1))
  const body = appealBody({ popup, tests: [neg] }, { applicant: { name: NAME, idNumber: VALID_ID, phone: PHONE }, statement: STATEMENT })
  return api.call('POST', '/appeals', { token, body, headers })
}

async function keyRows() {
  return k().selectFrom('idempotency_keys').selectAll().execute()
}

function expectNoPersonalData(dump: string) {
  expect(dump).not.toContain(NAME)
  expect(dump).not.toContain(VALID_ID)
  expect(dump).not.toContain(PHONE)
  // not even the citizen's masked view
  for (const masked of [maskName(NAME), maskIdNumber(VALID_ID), maskPhone(PHONE)]) expect(dump).not.toContain(masked)
  expect(dump).not.toContain(STATEMENT)
}

it('a decision with Idempotency-Key stores no name, ID number or phone; its replay answers the same and is audited once', async () => {
  const { token: rev } = await reviewerToken(server, api, 'replay-rev')
  const citizen = await api.device()
  const created = await file(citizen, 1, { 'idempotency-key': 'file-1' })
  expect(created.status).toBe(201)
  const id = created.body.id
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: rev })).status).toBe(200)

  const headers = { 'idempotency-key': 'decide-once' }
  const first = await api.call('POST', `/review/appeals/${id}/decision`, { token: rev, body: { outcome: 'approved' }, headers })
  expect(first.status).toBe(200)
  // the deciding reviewer sees the applicant in full — and that is exactly what must not be kept in the key table
  expect(first.body.applicant).toEqual({ name: NAME, idNumber: VALID_ID, phone: PHONE })

  const rows = await keyRows()
  expect(rows).toHaveLength(2)
  expectNoPersonalData(JSON.stringify(rows))
  const decisionRow = rows.find((r) => r.route.endsWith('/decision'))!
  expect(JSON.parse(decisionRow.body!)).toMatchObject({ appealId: id, status: 'approved' })

  const replay = await api.call('POST', `/review/appeals/${id}/decision`, { token: rev, body: { outcome: 'approved' }, headers })
  expect(replay.status).toBe(200)
  expect(replay.body).toEqual(first.body)
  const fileReplay = await file(citizen, 1, { 'idempotency-key': 'file-1' })
  expect(fileReplay.status).toBe(201)
  expect(fileReplay.body.id).toBe(id)

  const decides = await k().selectFrom('audit_log').select(['action', 'detail']).where('appeal_id', '=', id).where('action', '=', 'decide').execute()
  expect(decides).toEqual([{ action: 'decide', detail: 'approved' }])
  const events = await k().selectFrom('appeal_events').select('type').where('appeal_id', '=', id).orderBy('id').execute()
  expect(events.map((e) => e.type)).toEqual(['submitted', 'claimed', 'approved'])
})

it('a replay after the citizen deleted the appeal does not bring its data back', async () => {
  const { token: rev } = await reviewerToken(server, api, 'replay-rev-2')
  const citizen = await api.device()
  const created = await file(citizen, 11, { 'idempotency-key': 'file-gone' })
  const id = created.body.id
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: rev })).status).toBe(200)
  const headers = { 'idempotency-key': 'decide-gone' }
  expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: rev, body: { outcome: 'approved' }, headers })).status).toBe(200)
  expect((await api.call('DELETE', `/me/appeals/${id}`, { token: citizen })).status).toBe(204)

  const replay = await api.call('POST', `/review/appeals/${id}/decision`, { token: rev, body: { outcome: 'approved' }, headers })
  expect(replay.status).toBe(404)
  expect(replay.body.error.code).toBe('APPEAL_NOT_FOUND')
  expect(JSON.stringify(replay.body)).not.toContain(NAME)
  const again = await file(citizen, 11, { 'idempotency-key': 'file-gone' })
  expect(again.status).toBe(404)
})

it(`keys expire after ${IDEMPOTENCY_TTL_HOURS} h: the sweep deletes a 25-hour-old key and keeps a 23-hour-old one`, async () => {
  const citizen = await api.device()
  const old = await file(citizen, 21, { 'idempotency-key': 'old-key' })
  const fresh = await file(citizen, 31, { 'idempotency-key': 'fresh-key' })
  expect(old.status).toBe(201)
  expect(fresh.status).toBe(201)
  const at = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()
  await k().updateTable('idempotency_keys').set({ created_at: at(25) }).where('key', '=', 'old-key').execute()
  await k().updateTable('idempotency_keys').set({ created_at: at(23) }).where('key', '=', 'fresh-key').execute()

  const r = await runSweeps(server.app.db, server.config)
  expect(r.idempotencyKeysExpired).toBeGreaterThanOrEqual(1)
  const left = (await keyRows()).map((x) => x.key)
  expect(left).not.toContain('old-key')
  expect(left).toContain('fresh-key')
})

it('an expired key the sweep has not reached yet is no key: the request runs afresh', async () => {
  const citizen = await api.device()
  const first = await file(citizen, 41, { 'idempotency-key': 'stale-key' })
  expect(first.status).toBe(201)
  await k()
    .updateTable('idempotency_keys')
    .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
    .where('key', '=', 'stale-key')
    .execute()
  const second = await file(citizen, 41, { 'idempotency-key': 'stale-key' })
  expect(second.status).toBe(201)
  expect(second.body.id).not.toBe(first.body.id)
  const rows = await k().selectFrom('idempotency_keys').select('created_at').where('key', '=', 'stale-key').execute()
  expect(rows).toHaveLength(1)
  expect(Date.now() - Date.parse(rows[0].created_at)).toBeLessThan(3600_000)
})
