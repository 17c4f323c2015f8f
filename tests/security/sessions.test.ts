// Tokens and logins: forgery, replay after logout, absolute and idle expiry, disabled accounts, brute force.
import { client, reviewerToken, addReviewer, startServer, type TestServer } from '../api/helpers'
import { sha256Hex } from '../../server/auth/tokens'
import { N } from '../../server/auth/passwords'
import { reviewerDisable } from '../../server/cli/reviewer-disable'
import SQLite from 'better-sqlite3'
import { sqliteFile } from '../../server/db/dialect'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

const db = () => server.app.db.kysely

it('tokens carry 256 random bits and are stored only as SHA-256; passwords use scrypt N ≥ 2^15 with a salt each', async () => {
  const t = await api.device()
  expect(Buffer.from(t, 'base64url').length).toBe(32)
  const rows = await db().selectFrom('sessions').select('token_hash').execute()
  expect(rows.map((r) => r.token_hash)).toContain(sha256Hex(t))
  expect(JSON.stringify(rows)).not.toContain(t)
  expect(N).toBeGreaterThanOrEqual(2 ** 15)
  await addReviewer(server, 'salt-a')
  await addReviewer(server, 'salt-b')
  const hashes = await db().selectFrom('reviewers').select('password_hash').where('username', 'in', ['salt-a', 'salt-b']).execute()
  const salts = hashes.map((h) => h.password_hash.split('$')[4])
  expect(new Set(salts).size).toBe(2)
  expect(hashes[0].password_hash.split('$')[1]).toBe(String(N))
})

it('a forged token, a replayed token after logout, and expired tokens (absolute, idle) are all 401', async () => {
  expect((await api.call('GET', '/appeals', { token: 'A'.repeat(43) })).status).toBe(401)
  const r = await reviewerToken(server, api, 'sess-rev')
  expect((await api.call('GET', '/reviewer/me', { token: r.token })).status).toBe(200)
  expect((await api.call('DELETE', '/reviewer/session', { token: r.token })).status).toBe(204)
  expect((await api.call('GET', '/reviewer/me', { token: r.token })).status).toBe(401)

  // absolute expiry
  const c1 = await api.device()
  await db().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', sha256Hex(c1)).execute()
  expect((await api.call('GET', '/appeals', { token: c1 })).status).toBe(401)

  // idle expiry: a reviewer idle past REVIEWER_SESSION_IDLE_MINUTES (30) is out, even though expires_at is hours away
  const acc = await addReviewer(server, 'idle-rev')
  const s = await api.reviewerLogin(acc.username, acc.password)
  await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).where('token_hash', '=', sha256Hex(s.token)).execute()
  expect((await api.call('GET', '/reviewer/me', { token: s.token })).status).toBe(401)

  // activity refreshes last_seen_at (at most once a minute)
  const c2 = await api.device()
  await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 10 * 60_000).toISOString() }).where('token_hash', '=', sha256Hex(c2)).execute()
  expect((await api.call('GET', '/appeals', { token: c2 })).status).toBe(200)
  const seen = await db().selectFrom('sessions').select('last_seen_at').where('token_hash', '=', sha256Hex(c2)).executeTakeFirstOrThrow()
  expect(Date.now() - Date.parse(seen.last_seen_at!)).toBeLessThan(60_000)
})

it('disabling a reviewer (npm run reviewer:disable) ends their sessions and refuses their login like a wrong password', async () => {
  const acc = await addReviewer(server, 'dis-rev')
  const s = await api.reviewerLogin(acc.username, acc.password)
  const msg = await reviewerDisable(['--username', 'dis-rev'], { DATA_DIR: server.dir, DATABASE_URL: server.config.databaseUrl ?? '', DATA_KEY: server.config.dataKey! })
  expect(msg).toContain('dis-rev')
  expect((await api.call('GET', '/reviewer/me', { token: s.token })).status).toBe(401)
  const again = await api.call('POST', '/reviewer/session', { body: { username: acc.username, password: acc.password } })
  expect(again.status).toBe(401)
  expect(again.body.error.code).toBe('BAD_CREDENTIALS')
})

it('login: unknown user and wrong password answer alike; 5 failures of one account from one address → 429 RATE_LIMITED with Retry-After there, even for the right password, while another reviewer at that address signs in; all audited without the name', async () => {
  const acc = await addReviewer(server, 'brute-rev')
  const unknown = await api.call('POST', '/reviewer/session', { body: { username: 'nobody-here', password: 'whatever-123' } })
  const wrong = await api.call('POST', '/reviewer/session', { body: { username: acc.username, password: 'wrong-password' } })
  expect(unknown.status).toBe(401)
  expect(wrong.status).toBe(401)
  expect(unknown.body.error.code).toBe(wrong.body.error.code)
  expect(unknown.body.error.message).toBe(wrong.body.error.message)
  for (let i = 0; i < 4; i++) {
    expect((await api.call('POST', '/reviewer/session', { body: { username: acc.username, password: `wrong-${i}` } })).status).toBe(401)
  }
  const blocked = await api.call('POST', '/reviewer/session', { body: { username: acc.username, password: acc.password } })
  expect(blocked.status).toBe(429)
  expect(blocked.body.error.code).toBe('RATE_LIMITED')
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60)
  // the throttle is per account and (account, address), not per address: a colleague behind the same NAT is
  // not locked out (tests/hostile/auth-throttle.test.ts covers the rest: parallel guesses, proxies, other addresses)
  const colleague = await addReviewer(server, 'brute-colleague')
  expect((await api.call('POST', '/reviewer/session', { body: { username: colleague.username, password: colleague.password } })).status).toBe(200)

  const audit = await db().selectFrom('audit_log').selectAll().where('action', 'in', ['login_failure', 'login_throttled', 'login_success']).execute()
  expect(audit.filter((a: any) => a.action === 'login_failure').length).toBeGreaterThanOrEqual(6)
  expect(audit.filter((a: any) => a.action === 'login_throttled').map((a: any) => a.detail)).toContain('account_address')
  const dump = JSON.stringify(audit)
  expect(dump).not.toContain('brute-rev')
  expect(dump).not.toContain('nobody-here')
  expect(dump).not.toContain('wrong-')
  expect(dump).not.toContain(acc.password)
})

it('audit_log is append-only: an UPDATE is refused by the database', async () => {
  const rows = await db().selectFrom('audit_log').select('id').execute()
  expect(rows.length).toBeGreaterThan(0)
  if (server.app.db.dialect === 'sqlite') {
    // through a connection of its own, as anyone with the file would try it
    const raw = new SQLite(sqliteFile(server.config))
    try {
      expect(() => raw.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/)
    } finally {
      raw.close()
    }
  } else {
    await expect(db().updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/)
  }
})
