// Bad appeals, each on its own: the server says exactly what is wrong, in Chinese, with the field.
import { idCheckChar } from '../../src/domain/identity'
import { appealBody, client, hoursAgo, startServer, tinyPng, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let token: string

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  token = await api.device()
})
afterAll(() => server.close())

async function shots(n = 1, who = token): Promise<{ popup: string; tests: string[] }> {
  const popup = await api.uploadOk(who, await tinyPng(1))
  const tests: string[] = []
  for (let i = 0; i < n; i++) tests.push(await api.uploadOk(who, await tinyPng(2 + i)))
  return { popup, tests }
}

async function appealCount(): Promise<number> {
  const r = await server.app.db.kysely.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

describe('filing an appeal: bad input', () => {
  it('without popupShot → 400 VALIDATION_FAILED naming the field', async () => {
    const body: Record<string, unknown> = { ...appealBody(await shots()) }
    delete body.popupShot
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'popupShot' })
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it("someone else's upload id → 400 UPLOAD_NOT_USABLE, nothing filed", async () => {
    const other = await api.device()
    const theirs = await shots(1, other)
    const mine = await shots(1)
    const before = await appealCount()
    const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup: theirs.popup, tests: mine.tests }) })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'UPLOAD_NOT_USABLE', field: 'popupShot' })
    expect(await appealCount()).toBe(before)
    // the transaction rolled back: my negative-test upload is still free to use
    const ok = await api.call('POST', '/appeals', { token, body: appealBody({ popup: mine.popup, tests: mine.tests }) })
    expect(ok.status).toBe(201)
  })

  it('an upload already attached to another appeal → 400 UPLOAD_NOT_USABLE', async () => {
    const s = await shots()
    expect((await api.call('POST', '/appeals', { token, body: appealBody(s) })).status).toBe(201)
    const fresh = await shots()
    const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup: fresh.popup, tests: s.tests }) })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'UPLOAD_NOT_USABLE', field: 'negativeTests[0].shot' })
  })

  it('a made-up upload id → 400 UPLOAD_NOT_USABLE; one not even shaped like an id → 400 VALIDATION_FAILED', async () => {
    const s = await shots()
    const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup: '0f8fad5b-d9cb-469f-a165-70867728950e', tests: s.tests }) })
    expect(r.body.error.code).toBe('UPLOAD_NOT_USABLE')
    const junk = await api.call('POST', '/appeals', { token, body: appealBody({ popup: 'no-such-upload', tests: s.tests }) })
    expect(junk.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'popupShot' })
  })

  it('an ID number with a wrong check character → 400 INVALID_ID_NUMBER in Chinese', async () => {
    const first17 = '11010519491231002'
    const wrong = idCheckChar(first17) === '1' ? '2' : '1'
    const body = appealBody(await shots())
    body.applicant.idNumber = first17 + wrong
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({
      code: 'INVALID_ID_NUMBER',
      message: '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）',
      field: 'applicant.idNumber'
    })
  })

  it('a bad phone → 400 INVALID_PHONE; a bad name → INVALID_NAME', async () => {
    const s = await shots()
    const phone = await api.call('POST', '/appeals', {
      token,
      body: { ...appealBody(s), applicant: { ...appealBody(s).applicant, phone: '12345' } }
    })
    expect(phone.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'applicant.phone' })
    const name = await api.call('POST', '/appeals', {
      token,
      body: { ...appealBody(s), applicant: { ...appealBody(s).applicant, name: '<b>' } }
    })
    expect(name.body.error).toMatchObject({ code: 'INVALID_NAME', field: 'applicant.name' })
  })

  it('a district outside Beijing → 400 INVALID_DISTRICT; an unknown category → INVALID_CATEGORY', async () => {
    const s = await shots()
    const d = await api.call('POST', '/appeals', { token, body: appealBody(s, { district: '浦东新区' }) })
    expect(d.status).toBe(400)
    expect(d.body.error.code).toBe('INVALID_DISTRICT')
    const c = await api.call('POST', '/appeals', { token, body: { ...appealBody(s), category: 'weather' } })
    expect(c.body.error).toMatchObject({ code: 'INVALID_CATEGORY', field: 'category' })
  })

  it('an unknown body field → 400 VALIDATION_FAILED naming it', async () => {
    const r = await api.call('POST', '/appeals', { token, body: { ...appealBody(await shots()), isAdmin: true } })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'isAdmin' })
  })

  it('an unknown field inside applicant is rejected too', async () => {
    const s = await shots()
    const body = appealBody(s)
    const r = await api.call('POST', '/appeals', { token, body: { ...body, applicant: { ...body.applicant, age: 30 } } })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('applicant.age')
  })

  it('no negative tests (without blockedFromTesting) → 422 EVIDENCE_RULES_FAILED; six → 400', async () => {
    const s = await shots()
    const none = await api.call('POST', '/appeals', { token, body: { ...appealBody(s), negativeTests: [] } })
    expect(none.status).toBe(422)
    expect(none.body.error.code).toBe('EVIDENCE_RULES_FAILED')
    const six = Array.from({ length: 6 }, () => ({ shot: s.tests[0], sampledAt: hoursAgo(2) }))
    expect((await api.call('POST', '/appeals', { token, body: { ...appealBody(s), negativeTests: six } })).status).toBe(400)
  })

  it('a statement over 500 characters → 400', async () => {
    const r = await api.call('POST', '/appeals', { token, body: appealBody(await shots(), { statement: '长'.repeat(501) }) })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('statement')
  })

  it('a travel appeal with tests 20 h apart → 422 EVIDENCE_RULES_FAILED mentioning 间隔', async () => {
    const s = await shots(2)
    const body = appealBody(s, { category: 'travel' })
    body.negativeTests = [
      { shot: s.tests[0], sampledAt: hoursAgo(22) },
      { shot: s.tests[1], sampledAt: hoursAgo(2) }
    ]
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('EVIDENCE_RULES_FAILED')
    expect(r.body.error.message).toContain('间隔')
    expect(r.body.error.message).toContain('20 小时')
  })

  it('a test older than 72 h and a single test for travel → 422 with both messages joined by ；', async () => {
    const s = await shots(1)
    const body = appealBody(s, { category: 'travel' })
    body.negativeTests = [{ shot: s.tests[0], sampledAt: hoursAgo(80) }]
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(422)
    expect(r.body.error.message.split('；')).toHaveLength(2)
    expect(r.body.error.message).toContain('72 小时')
  })

  it('a sampledAt that is not an ISO instant → 400', async () => {
    const s = await shots()
    const body = appealBody(s)
    body.negativeTests[0].sampledAt = '昨天上午'
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'INVALID_DATE', field: 'negativeTests[0].sampledAt' })
  })

  it('malformed JSON → 400 VALIDATION_FAILED, not 500', async () => {
    const res = await fetch(`${server.base}/api/v1/appeals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"category":'
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('VALIDATION_FAILED')
  })

  it('an oversized JSON body → 413', async () => {
    const r = await api.call('POST', '/appeals', { token, body: { statement: 'x'.repeat(300 * 1024) } })
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('BODY_TOO_LARGE')
  })
})

describe('reading appeals', () => {
  it("a citizen reading another citizen's appeal → 404 APPEAL_NOT_FOUND (never 403)", async () => {
    const s = await shots()
    const mine = await api.call('POST', '/appeals', { token, body: appealBody(s) })
    const other = await api.device()
    const r = await api.call('GET', `/appeals/${mine.body.id}`, { token: other })
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('APPEAL_NOT_FOUND')
    const list = await api.call('GET', '/appeals', { token: other })
    expect(list.body.items).toEqual([])
  })

  it('lists newest first', async () => {
    const list = await api.call('GET', '/appeals', { token })
    const created = list.body.items.map((i: { createdAt: string }) => i.createdAt)
    expect(created).toEqual([...created].sort().reverse())
  })

  it('without a token → 401; unknown /api route → 404 JSON', async () => {
    expect((await api.call('GET', '/appeals')).status).toBe(401)
    const r = await api.call('GET', '/nothing-here')
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('NOT_FOUND')
  })
})
