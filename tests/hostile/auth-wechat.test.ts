// Simultaneous first WeChat logins of one user (a double tap, a retried wx.login). The fake code2Session
// endpoint holds every answer until the whole batch has arrived, then answers all at once, so the server's
// "is there a citizen for this openid?" runs for all of them before any has inserted one.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startServer, type TestServer } from '../api/helpers'
import { openidHmac } from '../../server/crypto/keyring'
import { sha256Hex } from '../../server/auth/tokens'
import { raw } from './auth-support'

let fake: http.Server
let fakeBase: string
let batch = 0
let waiting: http.ServerResponse[] = []
const openidOf = new Map<http.ServerResponse, string>()

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    const code = new URL(req.url ?? '/', 'http://x').searchParams.get('js_code') ?? ''
    res.setHeader('content-type', 'application/json')
    // code "<openid>:<n>": the user's openid and a per-request suffix (a wx.login code is single-use)
    openidOf.set(res, code.split(':')[0])
    waiting.push(res)
    if (waiting.length < batch) return
    const all = waiting
    waiting = []
    for (const r of all) r.end(JSON.stringify({ openid: openidOf.get(r), session_key: 'never-used' }))
  })
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  fakeBase = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))

let server: TestServer
beforeAll(async () => {
  server = await startServer({ WECHAT_API_BASE: fakeBase, WECHAT_APPID: 'wx-race-app', WECHAT_SECRET: 'race-secret' })
})
afterAll(() => server.close())

async function firstLogins(openid: string, n: number): Promise<{ status: number; body: any }[]> {
  batch = n
  return Promise.all(Array.from({ length: n }, (_, i) => raw(server.base, 'POST', '/api/v1/session/wechat', { body: { code: `${openid}:${i}` } })))
}

it.each([
  ['two at once', 'o-race-two', 2],
  ['eight at once', 'o-race-eight', 8]
])('%s, same openid, first ever login: every request gets a session, all of one citizen', async (_label, openid, n) => {
  const res = await firstLogins(openid, n)
  expect(res.map((r) => r.status)).toEqual(Array(n).fill(200))
  const k = server.app.db.kysely
  const citizens = await k.selectFrom('citizens').select('id').where('wechat_openid_hash', '=', openidHmac(openid)).execute()
  expect(citizens).toHaveLength(1)
  const sessions = await k
    .selectFrom('sessions')
    .select('subject_id')
    .where('token_hash', 'in', res.map((r) => sha256Hex(r.body.token)))
    .execute()
  expect(sessions).toHaveLength(n)
  expect(new Set(sessions.map((s) => s.subject_id))).toEqual(new Set([citizens[0].id]))

  // and the citizen works: the list of appeals (empty) answers for every one of the tokens
  for (const r of res) {
    const list = await raw(server.base, 'GET', '/api/v1/appeals', { headers: { authorization: `Bearer ${r.body.token}` } })
    expect(list.status).toBe(200)
  }
})
