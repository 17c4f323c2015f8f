// Impossible dates and times on every route that takes one: the trigger date, the need-by date, sampling
// instants (filing and supplement), and the reviewers' report windows. Each is a 400 INVALID_DATE naming the
// field, in Chinese, with nothing stored — never a rolled-over day, never year 0 read as 1900.
import { beijingDateOf } from '../../src/domain/dates'
import { appealBody, client, fileQuickAppeal, hoursAgo, reviewerToken, tinyPng } from '../api/helpers'
import { rowCount, startLoggedServer, type LoggedServer } from './input-support'

let server: LoggedServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startLoggedServer()
  api = client(server.base)
})
afterAll(() => server.close())

let seed = 100
async function citizenWithShots(): Promise<{ token: string; popup: string; test: string }> {
  const token = await api.device()
  seed += 2
  return { token, popup: await api.uploadOk(token, await tinyPng(seed)), test: await api.uploadOk(token, await tinyPng(seed + 1)) }
}

function expectInvalidDate(r: { status: number; body: any }, field: string) {
  expect(r.status).toBe(400)
  expect(r.body.error.code).toBe('INVALID_DATE')
  expect(r.body.error.field).toBe(field)
  expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
}

/** an instant `hours` ago written in Beijing wall-clock time with its +08:00 offset */
function beijingIso(hours: number): string {
  const at = new Date(Date.now() - hours * 3600_000)
  const wall = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)
  return `${wall}+08:00`
}

describe('filing an appeal', () => {
  it('triggerDate: days that do not exist, years outside the service, and other shapes → 400 INVALID_DATE; nothing stored', async () => {
    const c = await citizenWithShots()
    const before = await rowCount(server.app, 'appeals')
    for (const triggerDate of ['0000-01-01', '2024-02-30', '2024-13-45', '2023-02-29', '2022-04-31', '2022-00-10', '1900-01-01', '2024-2-3', '2024-02-03T00:00:00Z', ' 2024-02-03', '２０２４-０２-０３']) {
      const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { category: 'medicine', triggerDate }) })
      expectInvalidDate(r, 'triggerDate')
    }
    expect(await rowCount(server.app, 'appeals')).toBe(before)
  })

  it('triggerDate on a real leap day is taken and stored as written', async () => {
    const c = await citizenWithShots()
    const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { category: 'medicine', triggerDate: '2024-02-29' }) })
    expect(r.status).toBe(201)
    expect(r.body.triggerDate).toBe('2024-02-29')
  })

  it('needBy.date that does not exist (2099-02-31, 2026-04-31, 0000-01-01) or past the supported years → 400 INVALID_DATE; nothing stored', async () => {
    const c = await citizenWithShots()
    const before = await rowCount(server.app, 'appeals')
    for (const date of ['2099-02-31', '2026-04-31', '0000-01-01', '2100-01-01', '2099-2-28']) {
      const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { needBy: { date, reason: 'train' } }) })
      expectInvalidDate(r, 'needBy.date')
    }
    expect(await rowCount(server.app, 'appeals')).toBe(before)
    const tomorrow = beijingDateOf(Date.now() + 24 * 3600_000)
    const ok = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { needBy: { date: tomorrow, reason: 'exam' } }) })
    expect(ok.status).toBe(201)
    expect(ok.body.needBy).toEqual({ date: tomorrow, reason: 'exam' })
  })

  it('sampledAt that is no instant — impossible day or hour, no offset, year 0, beyond year 9999, a word → 400 INVALID_DATE; nothing stored', async () => {
    const c = await citizenWithShots()
    const before = { appeals: await rowCount(server.app, 'appeals'), tests: await rowCount(server.app, 'appeal_tests') }
    const today = beijingDateOf(Date.now())
    for (const sampledAt of [
      '2024-02-30T10:00:00+08:00',
      `${today}T25:00:00+08:00`,
      `${today}T10:61:00+08:00`,
      `${today}T10:00:00`, // no offset: whose clock?
      `${today}T10:00:00+24:00`,
      '0000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      'yesterday',
      ''
    ]) {
      const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { negativeTests: [{ shot: c.test, sampledAt }] }) })
      expectInvalidDate(r, 'negativeTests[0].sampledAt')
    }
    expect({ appeals: await rowCount(server.app, 'appeals'), tests: await rowCount(server.app, 'appeal_tests') }).toEqual(before)
  })

  it('sampledAt in Beijing time with its +08:00 offset is the same instant as in UTC, and stored as that instant', async () => {
    const c = await citizenWithShots()
    const sampledAt = beijingIso(5)
    const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { negativeTests: [{ shot: c.test, sampledAt }] }) })
    expect(r.status).toBe(201)
    const expected = new Date(sampledAt).toISOString()
    expect(r.body.negativeTests[0].sampledAt).toBe(expected)
    const row = await server.app.db.kysely.selectFrom('appeal_tests').select('sampled_at').where('appeal_id', '=', r.body.id).executeTakeFirstOrThrow()
    expect(row.sampled_at).toBe(expected)
  })
})

it('supplement: an impossible sampling time → 400 INVALID_DATE; the appeal still waits for its supplement', async () => {
  const { token, id } = await fileQuickAppeal(api, 900)
  const rev = await reviewerToken(server, api, 'dates-rev')
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: rev.token })).status).toBe(200)
  const d = await api.call('POST', `/review/appeals/${id}/decision`, { token: rev.token, body: { outcome: 'needs_info', reasonCode: 'negative_test' } })
  expect(d.status).toBe(200)
  const shot = await api.uploadOk(token, await tinyPng(901))
  const r = await api.call('POST', `/appeals/${id}/supplement`, { token, body: { negativeTests: [{ shot, sampledAt: '2024-02-30T09:00:00+08:00' }] } })
  expectInvalidDate(r, 'negativeTests[0].sampledAt')
  expect((await api.call('GET', `/appeals/${id}`, { token })).body.status).toBe('needs_info')
  const ok = await api.call('POST', `/appeals/${id}/supplement`, { token, body: { negativeTests: [{ shot, sampledAt: hoursAgo(1) }] } })
  expect(ok.status).toBe(200)
  expect(ok.body.status).toBe('queued')
})

it('report windows (stats, reviewer throughput, CSV, audit): impossible from/to → 400 INVALID_DATE; real ones answer', async () => {
  const sup = await reviewerToken(server, api, 'dates-sup', { supervisor: true })
  const bad: [string, string][] = [
    ['/review/stats?from=2024-02-30T00:00:00Z', 'from'],
    ['/review/stats?to=0000-01-01T00:00:00Z', 'to'],
    ['/review/stats/reviewers?from=yesterday', 'from'],
    ['/review/stats.csv?to=2024-02-29T24:00:00Z', 'to'],
    ['/review/audit?from=2024-13-01T00:00:00Z', 'from'],
    ['/review/audit?to=2024-01-01', 'to']
  ]
  for (const [url, field] of bad) expectInvalidDate(await api.call('GET', url, { token: sup.token }), field)
  const from = new Date(Date.now() - 3600_000).toISOString()
  const to = beijingIso(0)
  for (const url of ['/review/stats', '/review/stats/reviewers', '/review/stats.csv', '/review/audit']) {
    const r = await api.call('GET', `${url}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: sup.token })
    expect(r.status).toBe(200)
  }
})
