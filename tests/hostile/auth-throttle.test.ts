// Reviewer-login throttle against hostile clients: one office behind one NAT, parallel guesses, guesses
// spread over many addresses, made-up user names. The server trusts a proxy on 127.0.0.1 (TRUST_PROXY), so
// X-Forwarded-For plays the part of many client addresses.
import { addReviewer, startServer, type TestServer } from '../api/helpers'
import { addressHmac, usernameHmac } from '../../server/auth/service'
import { ACCOUNT_FACTOR, PRUNE_BATCH } from '../../server/auth/throttle'
import { auditRows, count, forwardedFor, login } from './auth-support'

let server: TestServer
// a smaller limit than the default 5 keeps the scrypt work of this file down; the rules do not depend on it
const LIMIT = 3
const WINDOW_S = 15 * 60 // LOGIN_WINDOW_MINUTES default

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: String(LIMIT) })
})
afterAll(() => server.close())

const db = () => server.app.db.kysely
const from = (addr: string) => forwardedFor(addr)

function expectThrottled(r: { status: number; headers: Record<string, unknown>; body: any }): void {
  expect(r.status).toBe(429)
  expect(r.body.error.code).toBe('RATE_LIMITED')
  const retry = Number(r.headers['retry-after'])
  expect(retry).toBeGreaterThan(0)
  expect(retry).toBeLessThanOrEqual(WINDOW_S)
}

it('one office behind one NAT: a colleague locked out by failures does not lock out anyone else there, nor themselves elsewhere', async () => {
  const a = await addReviewer(server, 'nat-a')
  const b = await addReviewer(server, 'nat-b')
  const office = '198.51.100.10'
  for (let i = 0; i < LIMIT; i++) expect((await login(server.base, a.username, `wrong-${i}`, from(office))).status).toBe(401)
  expectThrottled(await login(server.base, a.username, a.password, from(office)))

  // the old throttle counted 4×LIMIT failures per address and then refused everyone behind it
  const spray = await Promise.all(
    Array.from({ length: ACCOUNT_FACTOR * LIMIT }, (_, i) => login(server.base, `typo-${i % ACCOUNT_FACTOR}`, 'nope-nope', from(office)))
  )
  expect(spray.map((r) => r.status)).toEqual(Array(ACCOUNT_FACTOR * LIMIT).fill(401))
  const ok = await login(server.base, b.username, b.password, from(office))
  expect(ok.status).toBe(200)
  expect(ok.body.reviewer.username).toBe('nat-b')

  // the locked account itself, from another address (home, a phone), still signs in
  expect((await login(server.base, a.username, a.password, from('203.0.113.20'))).status).toBe(200)
})

it('N parallel wrong guesses from one address: exactly LOGIN_MAX_FAILURES reach the password check', async () => {
  const acc = await addReviewer(server, 'par-a')
  const n = 16
  const res = await Promise.all(Array.from({ length: n }, (_, i) => login(server.base, acc.username, `guess-${i}`, from('198.51.100.21'))))
  const statuses = res.map((r) => r.status)
  expect(count(statuses, 401)).toBe(LIMIT)
  expect(count(statuses, 429)).toBe(n - LIMIT)
  expect(count(statuses, 401) + count(statuses, 429)).toBe(n)
  // every password check that failed left one login_failure row; the refused ones a login_throttled row
  const subject = usernameHmac(acc.username)
  expect(await auditRows(db(), 'login_failure', subject)).toHaveLength(LIMIT)
  const throttled = await auditRows(db(), 'login_throttled', subject)
  expect(throttled).toHaveLength(n - LIMIT)
  expect(new Set(throttled.map((t) => t.detail))).toEqual(new Set(['account_address']))
  expectThrottled(await login(server.base, acc.username, acc.password, from('198.51.100.21')))
})

it('parallel guesses spread over many addresses: at most 4× LOGIN_MAX_FAILURES per account reach the password check', async () => {
  const acc = await addReviewer(server, 'par-b')
  const addresses = Array.from({ length: 8 }, (_, i) => `203.0.113.${100 + i}`)
  const perAddress = LIMIT - 1 // below the per-(account, address) limit: only the account counter can stop them
  const res = await Promise.all(
    addresses.flatMap((addr) => Array.from({ length: perAddress }, (_, i) => login(server.base, acc.username, `spread-${addr}-${i}`, from(addr))))
  )
  const statuses = res.map((r) => r.status)
  const accountLimit = LIMIT * ACCOUNT_FACTOR
  expect(count(statuses, 401)).toBe(accountLimit)
  expect(count(statuses, 429)).toBe(addresses.length * perAddress - accountLimit)
  const subject = usernameHmac(acc.username)
  expect(await auditRows(db(), 'login_failure', subject)).toHaveLength(accountLimit)
  expect(new Set((await auditRows(db(), 'login_throttled', subject)).map((t) => t.detail))).toEqual(new Set(['account']))
  // a new address, even with the right password, waits out the window
  expectThrottled(await login(server.base, acc.username, acc.password, from('192.0.2.77')))
})

it('an attacker who fills the account counter cannot lock the owner out of an address they signed in from', async () => {
  const acc = await addReviewer(server, 'own-a')
  const office = '192.0.2.50'
  expect((await login(server.base, acc.username, acc.password, from(office))).status).toBe(200)
  for (let k = 0; k < ACCOUNT_FACTOR; k++) {
    for (let i = 0; i < LIMIT; i++) expect((await login(server.base, acc.username, `x-${k}-${i}`, from(`198.18.0.${k + 1}`))).status).toBe(401)
  }
  expectThrottled(await login(server.base, acc.username, acc.password, from('198.18.0.99')))
  const home = await login(server.base, acc.username, acc.password, from(office))
  expect(home.status).toBe(200)
  expect(home.body.reviewer.username).toBe('own-a')
  // the owner's usual address still has its own (account, address) limit: it is not a way around guessing
  for (let i = 0; i < LIMIT; i++) expect((await login(server.base, acc.username, `y-${i}`, from(office))).status).toBe(401)
  expectThrottled(await login(server.base, acc.username, acc.password, from(office)))
})

it('a correct password and a refused attempt are not counted; only guesses are', async () => {
  const acc = await addReviewer(server, 'rel-a')
  const addr = '198.51.100.30'
  const pair = `p:${usernameHmac(acc.username)}:${addressHmac(addr)}`
  const attempts = async () => Number((await db().selectFrom('login_throttle').select('attempts').where('key', '=', pair).executeTakeFirstOrThrow()).attempts)
  for (let i = 0; i < LIMIT - 1; i++) expect((await login(server.base, acc.username, `w-${i}`, from(addr))).status).toBe(401)
  expect(await attempts()).toBe(LIMIT - 1)
  expect((await login(server.base, acc.username, acc.password, from(addr))).status).toBe(200)
  expect(await attempts()).toBe(LIMIT - 1)
  expect((await login(server.base, acc.username, 'w-last', from(addr))).status).toBe(401)
  expect(await attempts()).toBe(LIMIT)
  expectThrottled(await login(server.base, acc.username, acc.password, from(addr)))
  expectThrottled(await login(server.base, acc.username, 'w-more', from(addr)))
  expect(await attempts()).toBe(LIMIT)
})

it('made-up user names answer exactly like real ones, and leave nothing lasting: no account can be pre-locked', async () => {
  const real = await addReviewer(server, 'real-x')
  const ghost = 'ghost-to-be-hired'
  const addr = '198.51.100.40'
  const realRes = []
  const ghostRes = []
  for (let i = 0; i <= LIMIT; i++) {
    realRes.push(await login(server.base, real.username, `g-${i}`, from(addr)))
    ghostRes.push(await login(server.base, ghost, `g-${i}`, from(addr)))
  }
  expect(ghostRes.map((r) => r.status)).toEqual([...Array(LIMIT).fill(401), 429])
  expect(ghostRes.map((r) => r.status)).toEqual(realRes.map((r) => r.status))
  const answer = (r: { body: any }) => ({ code: r.body.error.code, message: r.body.error.message })
  expect(ghostRes.map(answer)).toEqual(realRes.map(answer))
  expect(ghostRes[LIMIT].headers['retry-after']).toBeDefined()

  // the counters hold keyed hashes only
  const rows = await db().selectFrom('login_throttle').selectAll().execute()
  const dump = JSON.stringify(rows)
  for (const secret of [ghost, real.username, addr, 'g-1']) expect(dump).not.toContain(secret)

  // once the window has passed the rows are worthless: attempts prune them, and the name is free again
  const old = new Date(Date.now() - (WINDOW_S + 60) * 1000).toISOString()
  await db().updateTable('login_throttle').set({ window_start: old }).execute()
  const stale = async () => Number((await db().selectFrom('login_throttle').select((eb) => eb.fn.countAll().as('n')).where('window_start', '=', old).executeTakeFirstOrThrow()).n)
  const before = await stale()
  expect(before).toBeGreaterThan(0)
  await addReviewer(server, ghost)
  const hired = await login(server.base, ghost, `pass-${ghost}-1234`, from(addr))
  expect(hired.status).toBe(200)
  // that attempt deleted a batch of them (and may have renewed its own two)
  expect(await stale()).toBeLessThanOrEqual(before - Math.min(before, PRUNE_BATCH))
  for (let i = 0; (await stale()) > 0; i++) {
    expect(i).toBeLessThan(before) // each attempt prunes, so this ends
    expect((await login(server.base, `nobody-${i}`, 'x-x-x-x', from('198.51.100.41'))).status).toBe(401)
  }
  expect(await db().selectFrom('login_throttle').select('key').where('window_start', '<', new Date(Date.now() - WINDOW_S * 1000).toISOString()).execute()).toEqual([])
})
