// WeChat login against a fake code2Session endpoint on 127.0.0.1.
import { decryptField, F } from '../../server/crypto/keyring'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { client, startServer, type TestServer } from './helpers'

let fake: http.Server
let fakeBase: string
const seen: URL[] = []

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    seen.push(url)
    res.setHeader('content-type', 'application/json')
    if (url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404
      return res.end('{}')
    }
    const code = url.searchParams.get('js_code')
    if (code === 'good-code' || code === 'good-code-again') {
      return res.end(JSON.stringify({ openid: 'o-openid-123', session_key: 'SECRET-SESSION-KEY' }))
    }
    if (code === 'other-user') return res.end(JSON.stringify({ openid: 'o-openid-456', session_key: 'k' }))
    return res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }))
  })
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  fakeBase = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))

describe('WeChat session', () => {
  let server: TestServer
  let api: ReturnType<typeof client>
  beforeAll(async () => {
    server = await startServer({ WECHAT_API_BASE: fakeBase, WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'test-secret' })
    api = client(server.base)
  })
  afterAll(() => server.close())

  it('a good code gives a token; the same openid maps to the same citizen; the hash is the lookup key; the raw openid is kept only for sending messages', async () => {
    const a = await api.call('POST', '/session/wechat', { body: { code: 'good-code' } })
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) })
    const q = seen.at(-1)!
    expect(Object.fromEntries(q.searchParams)).toEqual({
      appid: 'wx-test-app',
      secret: 'test-secret',
      js_code: 'good-code',
      grant_type: 'authorization_code'
    })

    // an appeal-less citizen still has a list; both tokens see the same (empty) list and the same citizen row
    const b = await api.call('POST', '/session/wechat', { body: { code: 'good-code-again' } })
    const sessions = await server.app.db.kysely.selectFrom('sessions').select(['subject_id', 'token_hash']).execute()
    const subjects = new Set(sessions.map((s) => s.subject_id))
    expect(subjects.size).toBe(1)
    expect(sessions.map((s) => s.token_hash)).not.toContain(a.body.token)
    expect(b.body.token).not.toBe(a.body.token)

    const citizens = await server.app.db.kysely.selectFrom('citizens').selectAll().execute()
    expect(citizens).toHaveLength(1)
    expect(citizens[0].wechat_openid_hash).toMatch(/^[0-9a-f]{64}$/)
    // the openid (subscribe messages are addressed to it) is stored encrypted; the lookup hash is a keyed HMAC
    expect(citizens[0].wechat_openid).toMatch(/^v1:[0-9a-f]{8}:/)
    expect(decryptField(citizens[0].wechat_openid, F.openid)).toBe('o-openid-123')
    expect(JSON.stringify({ ...citizens[0], wechat_openid: null })).not.toContain('o-openid-123')

    const other = await api.call('POST', '/session/wechat', { body: { code: 'other-user' } })
    expect(other.status).toBe(200)
    expect(await server.app.db.kysely.selectFrom('citizens').selectAll().execute()).toHaveLength(2)
  })

  it('an errcode from WeChat → 401 WECHAT_LOGIN_FAILED', async () => {
    const r = await api.call('POST', '/session/wechat', { body: { code: 'used-code' } })
    expect(r.status).toBe(401)
    expect(r.body.error).toMatchObject({ code: 'WECHAT_LOGIN_FAILED', message: '微信登录失败，请稍后重试' })
  })

  it('a missing code → 400', async () => {
    const r = await api.call('POST', '/session/wechat', { body: {} })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('code')
  })
})

it('an unreachable WeChat endpoint → 503 WECHAT_UNAVAILABLE', async () => {
  // a port that was just free: nothing listens there
  const probe = http.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))

  const server = await startServer({ WECHAT_API_BASE: `http://127.0.0.1:${port}`, WECHAT_APPID: 'wx', WECHAT_SECRET: 's' })
  try {
    const r = await client(server.base).call('POST', '/session/wechat', { body: { code: 'good-code' } })
    expect(r.status).toBe(503)
    expect(r.body.error.code).toBe('WECHAT_UNAVAILABLE')
  } finally {
    await server.close()
  }
})
