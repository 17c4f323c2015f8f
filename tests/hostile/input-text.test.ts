// Text that is not text: bytes that are not UTF-8, control characters (NUL, BEL, ESC…), unpaired surrogates,
// bidirectional overrides — in names, statements, notes, comments, logins. Each is a 400 with its code before
// anything is stored or queried (on PostgreSQL a NUL used to be a 500: error 22021). Names follow an
// allow-list; line breaks are allowed only where people write paragraphs.
import { appealBody, client, reviewerToken, tinyPng } from '../api/helpers'
import { auth, jsonBytes, rowCount, send, startLoggedServer, type LoggedServer } from './input-support'

let server: LoggedServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startLoggedServer()
  api = client(server.base)
})
afterAll(() => server.close())

let seed = 300
async function citizenWithShots(): Promise<{ token: string; popup: string; test: string }> {
  const token = await api.device()
  seed += 2
  return { token, popup: await api.uploadOk(token, await tinyPng(seed)), test: await api.uploadOk(token, await tinyPng(seed + 1)) }
}

function refused(r: { status: number; body: any }, codes: string[], field?: string) {
  expect(r.status).toBe(400)
  expect(codes).toContain(r.body.error.code)
  if (field) expect(r.body.error.field).toBe(field)
  expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
}

describe('bytes that are not UTF-8 → 400 BODY_NOT_UTF8, never stored as U+FFFD', () => {
  const BAD: [string, number[]][] = [
    ['a lone 0xFF', [0xff]],
    ['a lead byte without its continuation', [0xc3, 0x28]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a character cut in half', [0xe4, 0xb8]],
    ['a five-byte form', [0xf8, 0x88, 0x80, 0x80, 0x80]]
  ]

  it.each(BAD)('%s, in the name and in the statement: nothing filed', async (_label, bytes) => {
    const c = await citizenWithShots()
    const before = await rowCount(server.app, 'appeals')
    for (const field of ['name', 'statement'] as const) {
      const body = appealBody({ popup: c.popup, tests: [c.test] })
      const marker = 'XMARKERX'
      if (field === 'name') body.applicant.name = `张${marker}`
      else body.statement = `情况说明${marker}`
      const json = jsonBytes(body)
      const at = json.indexOf(marker)
      const raw = Buffer.concat([json.subarray(0, at), Buffer.from(bytes), json.subarray(at + marker.length)])
      const r = await send(server.base, 'POST', '/api/v1/appeals', { body: raw, headers: { ...auth(c.token), 'content-type': 'application/json; charset=utf-8' } })
      refused(r!, ['BODY_NOT_UTF8'])
    }
    expect(await rowCount(server.app, 'appeals')).toBe(before)
  })

  it('a reviewer login whose username is not UTF-8 → 400, not a login attempt', async () => {
    const raw = Buffer.concat([Buffer.from('{"username":"rev'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"whatever-123"}')])
    refused((await send(server.base, 'POST', '/api/v1/reviewer/session', { body: raw, headers: { 'content-type': 'application/json' } }))!, ['BODY_NOT_UTF8'])
  })

  it('well-formed UTF-8 (CJK, astral characters) is read as written', async () => {
    const c = await citizenWithShots()
    const statement = '𠮷野家门口扫码弹窗，核酸阴性 ✓'
    const r = await send(server.base, 'POST', '/api/v1/appeals', {
      body: jsonBytes(appealBody({ popup: c.popup, tests: [c.test] }, { statement })),
      headers: { ...auth(c.token), 'content-type': 'application/json' }
    })
    expect(r!.status).toBe(201)
    expect(r!.body.statement).toBe(statement)
  })
})

describe('names by an allow-list', () => {
  const REFUSED = [
    '张\u0000三',
    '张\u0007三',
    '\u001b[31m张三',
    '张\ud800三',
    '\udc00张三',
    '张\u202e三',
    '张三\n',
    '张\u00a0三',
    '张3',
    '张三😀',
    '<b>张三</b>',
    '张 三',
    "Robert'); DROP TABLE appeals;--",
    '·张三',
    '张··三',
    '张'
  ]

  it(`refused: ${REFUSED.length} names with control characters, surrogates, digits, emoji, markup, stray spaces or dots → 400 naming applicant.name; nothing filed`, async () => {
    const c = await citizenWithShots()
    const before = await rowCount(server.app, 'appeals')
    for (const name of REFUSED) {
      const base = appealBody({ popup: c.popup, tests: [c.test] })
      const r = await api.call('POST', '/appeals', { token: c.token, body: { ...base, applicant: { ...base.applicant, name } } })
      refused(r, ['INVALID_CHARACTERS', 'INVALID_NAME'], 'applicant.name')
    }
    expect(await rowCount(server.app, 'appeals')).toBe(before)
  })

  it('taken: Chinese names with the middle dot, a rare astral character, Latin names with a space, hyphen or accent — stored exactly', async () => {
    const rev = await reviewerToken(server, api, 'names-rev')
    for (const name of ['阿依古丽·买买提', '𠮷田', 'Anna Maria', 'Jean-Luc Dupré', '王〇']) {
      const c = await citizenWithShots()
      const base = appealBody({ popup: c.popup, tests: [c.test] })
      const r = await api.call('POST', '/appeals', { token: c.token, body: { ...base, applicant: { ...base.applicant, name } } })
      expect(r.status).toBe(201)
      const held = await api.call('POST', `/review/appeals/${r.body.id}/claim`, { token: rev.token })
      expect(held.status).toBe(200)
      expect(held.body.applicant.name).toBe(name)
      await api.call('POST', `/review/appeals/${r.body.id}/release`, { token: rev.token })
    }
  })
})

describe('free text: control characters refused everywhere, line breaks only in paragraphs', () => {
  const CONTROL = ['说明\u0000结束', '说明\u001b[2J', '说明\u0007', '说明\ud83d', '说明\u202e反向', '说明\uffff', '说明\u0085']

  it('the statement: NUL, ESC, BEL, a lone surrogate, an override, a noncharacter, NEL → 400 INVALID_CHARACTERS; nothing filed', async () => {
    const c = await citizenWithShots()
    const before = await rowCount(server.app, 'appeals')
    for (const statement of CONTROL) {
      refused(await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { statement }) }), ['INVALID_CHARACTERS'], 'statement')
    }
    expect(await rowCount(server.app, 'appeals')).toBe(before)
  })

  it('the statement may have line breaks and tabs, kept as written', async () => {
    const c = await citizenWithShots()
    const statement = '第一段：买过药。\n第二段：核酸阴性。\r\n\t——本人'
    const r = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }, { statement }) })
    expect(r.status).toBe(201)
    expect(r.body.statement).toBe(statement)
  })

  it('single-line fields refuse line breaks: district, phone, ID number', async () => {
    const c = await citizenWithShots()
    const base = appealBody({ popup: c.popup, tests: [c.test] })
    refused(await api.call('POST', '/appeals', { token: c.token, body: { ...base, district: '朝阳区\n' } }), ['INVALID_CHARACTERS'], 'district')
    refused(await api.call('POST', '/appeals', { token: c.token, body: { ...base, applicant: { ...base.applicant, phone: '1380013800\u00000' } } }), ['INVALID_CHARACTERS'], 'applicant.phone')
    refused(await api.call('POST', '/appeals', { token: c.token, body: { ...base, applicant: { ...base.applicant, idNumber: `${base.applicant.idNumber}\u0000` } } }), ['INVALID_CHARACTERS'], 'applicant.idNumber')
  })

  it('the supplement statement, the rating comment → 400 INVALID_CHARACTERS (whatever state the appeal is in)', async () => {
    const c = await citizenWithShots()
    const filed = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }) })
    expect(filed.status).toBe(201)
    const id = filed.body.id
    refused(await api.call('POST', `/appeals/${id}/supplement`, { token: c.token, body: { statement: '补充\u0000' } }), ['INVALID_CHARACTERS'], 'statement')
    refused(await api.call('POST', `/appeals/${id}/rating`, { token: c.token, body: { score: 5, comment: '很好\u001b' } }), ['INVALID_CHARACTERS'], 'comment')
    refused(await api.call('POST', `/appeals/${id}/withdraw`, { token: c.token, body: { reason: 'other\u0000' } }), ['VALIDATION_FAILED'], 'reason')
    expect((await api.call('GET', `/appeals/${id}`, { token: c.token })).body.status).toBe('queued')
  })

  it("reviewers' text: a decision note, a cluster note, a reassign target → 400; the appeal stays held", async () => {
    const c = await citizenWithShots()
    const filed = await api.call('POST', '/appeals', { token: c.token, body: appealBody({ popup: c.popup, tests: [c.test] }) })
    const sup = await reviewerToken(server, api, 'text-sup', { supervisor: true })
    expect((await api.call('POST', `/review/appeals/${filed.body.id}/claim`, { token: sup.token })).status).toBe(200)
    refused(await api.call('POST', `/review/appeals/${filed.body.id}/decision`, { token: sup.token, body: { outcome: 'approved', note: '同意\u0000' } }), ['INVALID_CHARACTERS'], 'note')
    refused(await api.call('POST', `/review/appeals/${filed.body.id}/decision`, { token: sup.token, body: { outcome: 'rejected', reasonCode: 'other\u0000' } }), ['VALIDATION_FAILED'], 'reasonCode')
    refused(await api.call('POST', '/review/clusters/approve', { token: sup.token, body: { appealIds: [filed.body.id], note: '批量\u0007' } }), ['INVALID_CHARACTERS'], 'note')
    refused(await api.call('POST', '/review/clusters/approve', { token: sup.token, body: { appealIds: ['a\u0000b'] } }), ['VALIDATION_FAILED'], 'appealIds[0]')
    refused(await api.call('POST', `/review/appeals/${filed.body.id}/reassign`, { token: sup.token, body: { reviewerId: 'a\u0000b' } }), ['VALIDATION_FAILED'], 'reviewerId')
    expect((await api.call('GET', `/review/appeals/${filed.body.id}`, { token: sup.token })).body.status).toBe('in_review')
  })

  it('logins: a NUL or control character in the username or password, or in a WeChat code → 400 before any lookup; a real login still works', async () => {
    const acc = await reviewerToken(server, api, 'login-nul')
    expect(acc.token).toBeTruthy()
    for (const body of [
      { username: 'login\u0000nul', password: 'x' },
      { username: 'login-nul\u0007', password: 'x' },
      { username: "login' OR 1=1 --", password: 'x' },
      { username: 'login-nul', password: 'pass\u0000' }
    ]) {
      refused(await api.call('POST', '/reviewer/session', { body }), ['VALIDATION_FAILED', 'INVALID_CHARACTERS'])
    }
    refused(await api.call('POST', '/session/wechat', { body: { code: 'abc\u0000def' } }), ['VALIDATION_FAILED'], 'code')
    expect((await api.call('POST', '/reviewer/session', { body: { username: ' login-nul ', password: 'pass-login-nul-1234' } })).status).toBe(200)
  })
})
