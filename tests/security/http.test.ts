// Security headers, rate limits with Retry-After, request size limits, no internals in error bodies.
import { client, fileQuickAppeal, startServer, type TestServer } from '../api/helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer({ RATE_LIMIT_VERIFY_PER_ADDRESS: '3', RATE_LIMIT_URGES_PER_CITIZEN: '2', RATE_LIMIT_UPLOADS_PER_CITIZEN: '3' })
  api = client(server.base)
})
afterAll(() => server.close())

it('every API response carries the strictest CSP (nothing loads, runs or frames JSON), nosniff, and no framing', async () => {
  for (const path of ['/api/v1/version', '/api/v1/appeals/not-an-id']) {
    const r = await fetch(`${server.base}${path}`)
    const csp = r.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-frame-options')).toBe('DENY')
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin')
  }
})

it('pages and the rest carry the page CSP: own scripts only, no objects, no framing', async () => {
  for (const path of ['/', '/healthz']) {
    const r = await fetch(`${server.base}${path}`)
    const csp = r.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-frame-options')).toBe('DENY')
  }
})

it('receipt verification: over the per-address limit → 429 RATE_LIMITED with Retry-After', async () => {
  const statuses: number[] = []
  let last: Response | null = null
  for (let i = 0; i < 4; i++) {
    last = await fetch(`${server.base}/verify/not-a-real-token-${i}`)
    statuses.push(last.status)
  }
  expect(statuses).toEqual([200, 200, 200, 429])
  expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  expect((await last!.json()).error.code).toBe('RATE_LIMITED')
})

it('uploads and urges: over the per-citizen limit → 429 with Retry-After; another citizen is unaffected', async () => {
  const { token, id } = await fileQuickAppeal(api, 3) // two uploads
  const third = await api.upload(token, Buffer.from('not an image'))
  expect(third.status).toBe(415)
  const fourth = await api.upload(token, Buffer.from('not an image'))
  expect(fourth.status).toBe(429)
  expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/)
  const urges = [] as number[]
  for (let i = 0; i < 3; i++) urges.push((await api.call('POST', `/appeals/${id}/urge`, { token })).status)
  expect(urges).toEqual([200, 429, 429]) // URGE_TOO_SOON, then the limiter
  const other = await api.device()
  expect((await api.upload(other, Buffer.from('x'))).status).toBe(415)
})

it('request size limits and no stack traces or SQL in error bodies', async () => {
  const token = await api.device()
  const big = await api.call('POST', '/appeals', { token, body: { statement: 'x'.repeat(300 * 1024) } })
  expect(big.status).toBe(413)
  const bad = await fetch(`${server.base}/api/v1/appeals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: "{'; DROP TABLE" })
  const text = await bad.text()
  expect(bad.status).toBe(400)
  expect(text).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT|sqlite|stack/i)
})
