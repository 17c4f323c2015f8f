// Client addresses and proxies (TRUST_PROXY). Every address in 127.0.0.0/8 is this machine, so one test can
// be a load balancer on 127.0.0.1 and a stranger on 127.0.0.2 at once; X-Forwarded-For is what either claims.
import { addReviewer, startServer, type TestServer } from '../api/helpers'
import { addressHmac, usernameHmac } from '../../server/auth/service'
import { loadConfig } from '../../server/config'
import { auditRows, count, login, raw } from './auth-support'

const LIMIT = 3
const env = { LOGIN_MAX_FAILURES: String(LIMIT), RATE_LIMIT_SESSIONS_PER_ADDRESS: '3' }
const FORWARDED_VARIANTS: Record<string, string>[] = [
  { 'x-forwarded-for': '203.0.113.9' },
  { 'x-forwarded-for': '127.0.0.1' },
  { forwarded: 'for=127.0.0.1;proto=http' },
  { 'x-real-ip': '127.0.0.1' },
  { via: '1.1 edge-proxy' }
]

async function deviceStatuses(base: string, n: number, opts: (i: number) => { headers?: Record<string, string>; from?: string }): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await raw(base, 'POST', '/api/v1/session/device', opts(i))).status)
  return out
}

describe('TRUST_PROXY unset (the default): the TCP peer is the client', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(env)
  })
  afterAll(() => server.close())

  it('a spoofed X-Forwarded-For changes nothing: rate limits, the login throttle and audit addresses all see the peer', async () => {
    // a fresh made-up address on every request would otherwise mean a fresh limit every time
    const spoof = (i: number) => ({ headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })
    expect(await deviceStatuses(server.base, 5, spoof)).toEqual([200, 200, 200, 429, 429])

    const acc = await addReviewer(server, 'spoof-a')
    const statuses: number[] = []
    for (let i = 0; i < LIMIT; i++) statuses.push((await login(server.base, acc.username, `bad-${i}`, spoof(i))).status)
    expect(statuses).toEqual(Array(LIMIT).fill(401))
    const blocked = await login(server.base, acc.username, acc.password, spoof(99))
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('RATE_LIMITED')

    const rows = await auditRows(server.app.db.kysely, 'login_failure', usernameHmac(acc.username))
    expect(rows).toHaveLength(LIMIT)
    expect(new Set(rows.map((r) => r.ip_hmac))).toEqual(new Set([addressHmac('127.0.0.1')]))
  })

  it('/metrics (no METRICS_TOKEN): a direct loopback scrape works; anything forwarded is refused, whatever it claims', async () => {
    const direct = await raw(server.base, 'GET', '/metrics')
    expect(direct.status).toBe(200)
    expect(String(direct.body)).toContain('http_requests_total')
    for (const headers of FORWARDED_VARIANTS) {
      const r = await raw(server.base, 'GET', '/metrics', { headers })
      expect({ headers, status: r.status }).toEqual({ headers, status: 403 })
      expect(r.body.error.code).toBe('FORBIDDEN')
    }
  })
})

describe('TRUST_PROXY=127.0.0.1: a load balancer on 127.0.0.1 names the client', () => {
  let server: TestServer
  const lb = '127.0.0.1'
  const stranger = '127.0.0.2'
  beforeAll(async () => {
    server = await startServer({ ...env, TRUST_PROXY: lb })
  })
  afterAll(() => server.close())

  it('through the trusted proxy each client has its own rate limit; an untrusted peer claiming to be others still has one', async () => {
    const viaLb = (client: string) => () => ({ from: lb, headers: { 'x-forwarded-for': client } })
    expect(await deviceStatuses(server.base, 4, viaLb('203.0.113.1'))).toEqual([200, 200, 200, 429])
    expect(await deviceStatuses(server.base, 3, viaLb('203.0.113.2'))).toEqual([200, 200, 200])
    // a peer that is not the proxy: its X-Forwarded-For is ignored, all of it counts against 127.0.0.2
    const claims = (i: number) => ({ from: stranger, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })
    expect(await deviceStatuses(server.base, 4, claims)).toEqual([200, 200, 200, 429])
  })

  it('the client is the address the trusted proxy saw: entries a client prepends to X-Forwarded-For are ignored (login throttle, audit)', async () => {
    const acc = await addReviewer(server, 'chain-a')
    const realClient = '203.0.113.5'
    // the client sent "X-Forwarded-For: <made up>"; the proxy appended the address it saw
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 1; i++) {
      const r = await login(server.base, acc.username, `bad-${i}`, { from: lb, headers: { 'x-forwarded-for': `198.51.100.${i + 1}, ${realClient}` } })
      statuses.push(r.status)
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429])
    const rows = await auditRows(server.app.db.kysely, 'login_failure', usernameHmac(acc.username))
    expect(new Set(rows.map((r) => r.ip_hmac))).toEqual(new Set([addressHmac(realClient)]))
    const throttled = await auditRows(server.app.db.kysely, 'login_throttled', usernameHmac(acc.username))
    expect(throttled.map((r) => r.ip_hmac)).toEqual([addressHmac(realClient)])

    // another client behind the same proxy is a different (account, address)
    const other = await login(server.base, acc.username, acc.password, { from: lb, headers: { 'x-forwarded-for': '203.0.113.6' } })
    expect(other.status).toBe(200)
    const ok = await auditRows(server.app.db.kysely, 'login_success', usernameHmac(acc.username))
    expect(ok.map((r) => r.ip_hmac)).toEqual([addressHmac('203.0.113.6')])
  })

  it('citizen audit entries (data export) carry the client address seen through the proxy', async () => {
    const dev = await raw(server.base, 'POST', '/api/v1/session/device', { from: lb, headers: { 'x-forwarded-for': '203.0.113.77' } })
    expect(dev.status).toBe(200)
    const exp = await raw(server.base, 'GET', '/api/v1/me/export', {
      from: lb,
      headers: { 'x-forwarded-for': '203.0.113.77', authorization: `Bearer ${dev.body.token}` }
    })
    expect(exp.status).toBe(200)
    const rows = await auditRows(server.app.db.kysely, 'citizen_export')
    expect(rows.map((r) => r.ip_hmac)).toEqual([addressHmac('203.0.113.77')])
  })

  it('/metrics: a request through the proxy (even one claiming 127.0.0.1) is not loopback; direct local scrapes still work', async () => {
    for (const headers of FORWARDED_VARIANTS) {
      for (const from of [lb, stranger]) {
        const r = await raw(server.base, 'GET', '/metrics', { from, headers })
        expect({ from, headers, status: r.status }).toEqual({ from, headers, status: 403 })
      }
    }
    const statuses = await Promise.all([lb, stranger].map(async (from) => (await raw(server.base, 'GET', '/metrics', { from })).status))
    expect(count(statuses, 200)).toBe(2)
  })
})

describe('TRUST_PROXY parsing', () => {
  it('takes comma-separated addresses and CIDRs (IPv4, IPv6); refuses anything else at boot', () => {
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.10 ,fd00::/8,::1 ' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', 'fd00::/8', '::1'])
    expect(loadConfig({}).trustProxy).toEqual([])
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback'])
    for (const bad of ['*', 'true', 'lb.internal', '10.0.0.0/33', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/)
    }
  })
})
