// Notifications: each status change leaves an outbox row; the dispatcher sends WeChat subscribe messages to a
// fake WeChat on 127.0.0.1 — access token fetched once and cached, field limits kept, failures retried with
// backoff; device citizens (no openid) are skipped.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { dispatchOutbox, backoffSeconds, DETAIL_PAGE } from '../../server/notify/dispatcher'
import { clearTokenCache } from '../../server/notify/wechat'
import { appealBody, client, startServer, tinyPng, type TestServer } from './helpers'

let fake: http.Server
let fakeBase: string
const tokenCalls: URL[] = []
const sent: { token: string | null; body: any }[] = []
let failNextSends = 0

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/sns/jscode2session') return res.end(JSON.stringify({ openid: `o-${url.searchParams.get('js_code')}`, session_key: 'k' }))
    if (url.pathname === '/cgi-bin/token') {
      tokenCalls.push(url)
      return res.end(JSON.stringify({ access_token: `AT-${tokenCalls.length}`, expires_in: 7200 }))
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = ''
      req.on('data', (d) => (raw += d))
      req.on('end', () => {
        if (failNextSends > 0) {
          failNextSends--
          res.statusCode = 502
          return res.end('{}')
        }
        sent.push({ token: url.searchParams.get('access_token'), body: JSON.parse(raw) })
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
      })
      return
    }
    res.statusCode = 404
    res.end('{}')
  })
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  fakeBase = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`
  clearTokenCache()
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))

let server: TestServer
let api: ReturnType<typeof client>
beforeAll(async () => {
  server = await startServer({ WECHAT_API_BASE: fakeBase, WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret', WECHAT_TEMPLATE_ID: 'TPL-1' })
  api = client(server.base)
})
afterAll(() => server.close())

async function fileAs(token: string, seed: number, statement = '说明') {
  const popup = await api.uploadOk(token, await tinyPng(seed))
  const neg = await api.uploadOk(token, await tinyPng(seed + 1))
  const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }, { statement }) })
  expect(r.status).toBe(201)
  return r.body
}

it('sends to WeChat citizens with a cached token and clipped fields; skips device citizens; retries with backoff', async () => {
  const wx = await api.call('POST', '/session/wechat', { body: { code: 'alice' } })
  expect(wx.status).toBe(200)
  const device = await api.device()
  const a = await fileAs(wx.body.token, 1)
  const b = await fileAs(device, 3)
  // a withdraw (a second status change) with a long note → the thing field is clipped to 20 characters
  expect((await api.call('POST', `/appeals/${a.id}/withdraw`, { token: wx.body.token, body: { reason: 'self_cleared' } })).status).toBe(200)

  const rows = await server.app.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute()
  expect(rows.map((r) => [r.appeal_id, r.event, r.state])).toEqual([
    [a.id, 'submitted', 'pending'],
    [b.id, 'submitted', 'pending'],
    [a.id, 'self_cleared', 'pending']
  ])

  failNextSends = 1
  const first = await dispatchOutbox(server.app.db.kysely, server.config)
  expect(first).toEqual({ sent: 1, skipped: 1, retried: 1, failed: 0 })
  expect(tokenCalls).toHaveLength(1)
  expect(Object.fromEntries(tokenCalls[0].searchParams)).toEqual({ grant_type: 'client_credential', appid: 'wx-app', secret: 'wx-secret' })
  const retried = await server.app.db.kysely.selectFrom('outbox').selectAll().where('state', '=', 'pending').executeTakeFirstOrThrow()
  expect(retried.attempts).toBe(1)
  expect(Date.parse(retried.next_attempt_at) - Date.now()).toBeGreaterThan((backoffSeconds(1) - 5) * 1000)

  // nothing is due yet; after the backoff it goes
  expect(await dispatchOutbox(server.app.db.kysely, server.config)).toEqual({ sent: 0, skipped: 0, retried: 0, failed: 0 })
  expect(await dispatchOutbox(server.app.db.kysely, server.config, new Date(Date.now() + 3600_000))).toEqual({ sent: 1, skipped: 0, retried: 0, failed: 0 })
  expect(tokenCalls).toHaveLength(1) // cached

  expect(sent).toHaveLength(2)
  for (const s of sent) {
    expect(s.token).toBe('AT-1')
    expect(s.body.touser).toBe('o-alice')
    expect(s.body.template_id).toBe('TPL-1')
    expect(Array.from(s.body.data.thing3.value as string).length).toBeLessThanOrEqual(20)
    expect(Array.from(s.body.data.phrase2.value as string).length).toBeLessThanOrEqual(5)
    expect((s.body.data.character_string1.value as string).length).toBeLessThanOrEqual(32)
    expect(s.body.data.character_string1.value).toBe(a.trackingNo)
    // opens the appeal's own detail page, which reads ?id= (src/pages/appeal/detail.tsx)
    expect(s.body.page).toBe(`pages/appeal/detail?id=${encodeURIComponent(a.id)}`)
  }
  expect(sent.map((s) => s.body.data.phrase2.value).sort()).toEqual(['已受理', '已撤回'])
  const states = await server.app.db.kysely.selectFrom('outbox').select(['appeal_id', 'state']).orderBy('id').execute()
  expect(states.map((s) => s.state)).toEqual(['sent', 'skipped', 'sent'])
})

it('one run drains a backlog larger than a batch, oldest first (one batch a run left a wave’s messages hours late)', async () => {
  const device = await api.device()
  const appeal = await fileAs(device, 11)
  const db = server.app.db.kysely
  const submitted = await db.selectFrom('outbox').selectAll().where('appeal_id', '=', appeal.id).executeTakeFirstOrThrow()
  const at = new Date(Date.now() - 60_000).toISOString()
  // 129 more due rows: 130 in all, more than two batches
  await db
    .insertInto('outbox')
    .values(
      Array.from({ length: 129 }, () => ({
        appeal_id: appeal.id, citizen_id: submitted.citizen_id, event: 'urged', to_status: 'queued', note: null,
        state: 'pending', attempts: 0, next_attempt_at: at, last_error: null, created_at: at, done_at: null
      }))
    )
    .execute()

  expect(await dispatchOutbox(db, server.config)).toEqual({ sent: 0, skipped: 130, retried: 0, failed: 0 })
  const rows = await db.selectFrom('outbox').select(['id', 'state', 'done_at']).where('appeal_id', '=', appeal.id).orderBy('id').execute()
  expect(rows).toHaveLength(130)
  expect(rows.every((r) => r.state === 'skipped')).toBe(true)
  const done = rows.map((r) => Date.parse(r.done_at!))
  expect(done).toEqual([...done].sort((x, y) => x - y))
})

it('the page a message opens is a page of the mini-program’s main package (src/app.config.ts)', () => {
  const appConfig = fs.readFileSync(path.join(__dirname, '../../src/app.config.ts'), 'utf8')
  const mainPages = /^\s*pages:\s*\[([^\]]*)\]/m.exec(appConfig)?.[1] ?? ''
  const pages = [...mainPages.matchAll(/'([^']+)'/g)].map((m) => m[1])
  expect(pages.length).toBeGreaterThan(0)
  expect(pages).toContain(DETAIL_PAGE)
  expect(fs.existsSync(path.join(__dirname, '../../src', `${DETAIL_PAGE}.tsx`))).toBe(true)
})
