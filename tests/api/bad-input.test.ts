// The bad-input corpus: each a clear 4xx with a code, and nothing stored.
import zlib from 'node:zlib'
import { sha256Hex } from '../../server/auth/tokens'
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

async function counts() {
  const db = server.app.db.kysely
  const u = await db.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  const a = await db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return { uploads: Number(u.n), appeals: Number(a.n) }
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(td) >>> 0)
  return Buffer.concat([len, td, crc])
}

function hugePngHeader(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(30000, 0)
  ihdr.writeUInt32BE(30000, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

describe('uploads', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, string, number, string][] = [
    ['a truncated PNG', async () => (await tinyPng(1)).subarray(0, 60), 'shot.png', 415, 'UPLOAD_NOT_AN_IMAGE'],
    ['a PNG whose header says 30000×30000', hugePngHeader, 'big.png', 413, 'UPLOAD_TOO_MANY_PIXELS'],
    ['a JPEG/HTML polyglot', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]), 'x.jpg', 415, 'UPLOAD_NOT_AN_IMAGE'],
    ['an SVG with a script', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'), 'x.svg', 415, 'UPLOAD_NOT_AN_IMAGE'],
    ['a GIF', () => Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64'), 'x.gif', 415, 'UPLOAD_NOT_AN_IMAGE'],
    ['a 12 MB file', () => Buffer.alloc(12 * 1024 * 1024, 1), 'x.png', 413, 'UPLOAD_TOO_LARGE'],
    ['an empty file', () => Buffer.alloc(0), 'x.png', 400, 'UPLOAD_MISSING_FILE']
  ]
  for (const [name, bytes, filename, status, code] of cases) {
    it(`${name} → ${status} ${code}, nothing stored`, async () => {
      const before = await counts()
      const r = await api.upload(token, await bytes(), filename)
      expect(r.status).toBe(status)
      expect(r.body.error.code).toBe(code)
      expect(await counts()).toEqual(before)
    })
  }

  it('a traversal file name is ignored: stored under a generated id', async () => {
    const r = await api.upload(token, await tinyPng(2), '../../x.jpg')
    expect(r.status).toBe(201)
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/)
    const row = await server.app.db.kysely.selectFrom('uploads').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain('x.jpg')
  })

  it('the wrong multipart field → 400 UPLOAD_MISSING_FILE', async () => {
    const form = new FormData()
    form.append('picture', new Blob([new Uint8Array(await tinyPng(3))], { type: 'image/png' }), 'a.png')
    const res = await fetch(server.base + '/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('UPLOAD_MISSING_FILE')
  })
})

describe('appeals', () => {
  async function shots() {
    return { popup: await api.uploadOk(token, await tinyPng(Math.floor(Math.random() * 1e6))), tests: [await api.uploadOk(token, await tinyPng(Math.floor(Math.random() * 1e6)))] }
  }
  const file = (body: unknown, headers?: Record<string, string>) => api.call('POST', '/appeals', { token, body, headers })

  it('JSON over the body limit → 413 BODY_TOO_LARGE; wrong types / unknown fields → 400', async () => {
    const before = await counts()
    const big = await file({ ...appealBody(await shots()), statement: 'x'.repeat(300 * 1024) })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('BODY_TOO_LARGE')
    const s = await shots()
    expect((await file({ ...appealBody(s), blockedFromTesting: 'yes' })).body.error.code).toBe('VALIDATION_FAILED')
    expect((await file({ ...appealBody(s), negativeTests: 'none' })).status).toBe(400)
    const unknown = await file({ ...appealBody(s), isAdmin: true })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.field).toBe('isAdmin')
    expect((await counts()).appeals).toBe(before.appeals)
  })

  it('dates in the future: a sample, a trigger date → refused; a need-by date in the past → refused', async () => {
    const s = await shots()
    const futureTest = await file(appealBody(s, { negativeTests: [{ shot: s.tests[0], sampledAt: new Date(Date.now() + 6 * 3600_000).toISOString() }] }))
    expect(futureTest.status).toBe(422)
    expect(futureTest.body.error.code).toBe('EVIDENCE_RULES_FAILED')
    const futureTrigger = await file(appealBody(s, { triggerDate: '2999-01-01' }))
    expect(futureTrigger.status).toBe(400)
    expect(futureTrigger.body.error.field).toBe('triggerDate')
    const pastNeed = await file(appealBody(s, { needBy: { date: '2022-01-01', reason: 'train' } }))
    expect(pastNeed.status).toBe(400)
    const badReason = await file(appealBody(s, { needBy: { date: '2999-01-01', reason: 'party' as 'train' } }))
    expect(badReason.status).toBe(400)
  })

  it('medicine: a test before the purchase date → 422 after_trigger; tests less than 24 h apart → 422', async () => {
    const s = await shots()
    const before = await file(appealBody(s, { category: 'medicine', triggerDate: new Date().toISOString().slice(0, 10), negativeTests: [{ shot: s.tests[0], sampledAt: hoursAgo(40) }] }))
    expect(before.status).toBe(422)
    expect(before.body.error.message).toContain('购药之后')
    const second = await api.uploadOk(token, await tinyPng(777))
    const close = await file(
      appealBody(s, { category: 'travel', negativeTests: [{ shot: s.tests[0], sampledAt: hoursAgo(10) }, { shot: second, sampledAt: hoursAgo(2) }] })
    )
    expect(close.status).toBe(422)
    expect(close.body.error.message).toContain('间隔')
  })

  it('blockedFromTesting: the popup screenshot alone is enough', async () => {
    const s = await shots()
    const r = await file(appealBody(s, { blockedFromTesting: true, negativeTests: [] }))
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ blockedFromTesting: true, negativeTests: [] })
  })

  it('SQL and HTML in the statement are stored verbatim, as text', async () => {
    const statement = `'); DROP TABLE appeals; -- <script>alert("x")</script> & 你好`
    const r = await file(appealBody(await shots(), { statement }))
    expect(r.status).toBe(201)
    expect(r.body.statement).toBe(statement)
    const row = await server.app.db.kysely.selectFrom('appeals').select('statement').where('id', '=', r.body.id).executeTakeFirstOrThrow()
    expect(row.statement).toBe(statement)
  })

  it('bad ID checksum, phone not 11 digits, unknown district → 400 with their codes', async () => {
    const s = await shots()
    const base = appealBody(s)
    expect((await file({ ...base, applicant: { ...base.applicant, idNumber: base.applicant.idNumber.slice(0, 17) + (base.applicant.idNumber.endsWith('1') ? '2' : '1') } })).body.error.code).toBe('INVALID_ID_NUMBER')
    expect((await file({ ...base, applicant: { ...base.applicant, phone: '1380013800' } })).body.error.code).toBe('INVALID_PHONE')
    expect((await file({ ...base, district: '浦东新区' })).body.error.code).toBe('INVALID_DISTRICT')
  })
})

describe('tokens', () => {
  it('an expired or forged token → 401 UNAUTHENTICATED', async () => {
    const t = await api.device()
    await server.app.db.kysely.updateTable('sessions').set({ expires_at: hoursAgo(1) }).where('token_hash', '=', sha256Hex(t)).execute()
    const expired = await api.call('GET', '/appeals', { token: t })
    expect(expired.status).toBe(401)
    expect(expired.body.error.code).toBe('UNAUTHENTICATED')
    const forged = await api.call('GET', '/appeals', { token: 'A'.repeat(43) })
    expect(forged.status).toBe(401)
    expect((await api.call('GET', '/review/queue', { token: 'A'.repeat(43) })).status).toBe(401)
  })
})
