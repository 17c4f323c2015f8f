// Receipts for test sites: a signed token while the appeal is live; a public, escaped Chinese page to verify it.
import fs from 'node:fs'
import path from 'node:path'
import { escapeHtml, makeToken, readToken, receiptKey } from '../../server/receipts/service'
import { client, fileQuickAppeal, reviewerToken, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

async function page(pathname: string) {
  const res = await fetch(server.base + pathname)
  return { status: res.status, type: res.headers.get('content-type'), html: await res.text(), valid: res.headers.get('x-receipt-valid') }
}

it('a live appeal has a receipt; the public page shows masked identity, status, the city rule; closing ends it', async () => {
  const { token, id } = await fileQuickAppeal(api, 1)
  const r = await api.call('GET', `/appeals/${id}/receipt`, { token })
  expect(r.status).toBe(200)
  expect(r.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_.-]{30,80}$/), verifyPath: `/verify/${r.body.token}`, issuedAt: expect.any(String) })

  const ok = await page(r.body.verifyPath) // no login
  expect(ok.status).toBe(200)
  expect(ok.type).toContain('text/html')
  expect(ok.valid).toBe('1')
  expect(ok.html).toContain('凭证有效')
  expect(ok.html).toContain('张*')
  expect(ok.html).toContain('1101*')
  expect(ok.html).not.toContain('11010519491231')
  expect(ok.html).toContain('测试点不得拒绝弹窗人员检测')
  expect(ok.html).toContain('排队审核中')

  // someone else cannot get this appeal's receipt
  const other = await api.device()
  expect((await api.call('GET', `/appeals/${id}/receipt`, { token: other })).status).toBe(404)

  // closing ends the validity (an approval does not: the receipt lasts until the popup is cleared,
  // tests/api/corrections.test.ts)
  const rev = await reviewerToken(server, api, 'rc')
  await api.call('POST', `/review/appeals/${id}/claim`, { token: rev.token })
  await api.call('POST', `/review/appeals/${id}/decision`, { token: rev.token, body: { outcome: 'rejected', reasonCode: 'not_negative' } })
  const closed = await page(r.body.verifyPath)
  expect(closed.valid).toBe('0')
  expect(closed.html).toContain('凭证已失效')
  const again = await api.call('GET', `/appeals/${id}/receipt`, { token })
  expect(again.status).toBe(404)
  expect(again.body.error.code).toBe('RECEIPT_INVALID')
})

it('a forged or malformed token → a plain "invalid" page, never a 500', async () => {
  const { token, id } = await fileQuickAppeal(api, 3)
  const t: string = (await api.call('GET', `/appeals/${id}/receipt`, { token })).body.token
  const forged = t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA')
  for (const bad of [forged, 'nonsense', makeToken(Buffer.from('another-key-another-key-another-key'), id, new Date()), '%3Cscript%3E']) {
    const p = await page(`/verify/${bad}`)
    expect(p.status).toBe(200)
    expect(p.valid).toBe('0')
    expect(p.html).toContain('凭证无效')
    expect(p.html).not.toContain('<script>')
  }
})

it('the key is generated once into DATA_DIR with mode 0600 and reused; tokens round-trip', () => {
  const key = receiptKey(server.config)
  const file = path.join(server.dir, 'receipt.key')
  expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  expect(receiptKey(server.config).equals(key)).toBe(true)
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e'
  const at = new Date('2022-01-28T00:00:00Z')
  expect(readToken(key, makeToken(key, id, at))).toEqual({ appealId: id, issuedAt: at })
  expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;')
})
