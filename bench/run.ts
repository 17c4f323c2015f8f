// npm run bench [-- --quick] [-- --tiers 10k,100k,1m] [-- --build] [-- --no-pg] [-- --no-overload]
//
// Starts the PRODUCTION server (tsx server/main.ts) on a temporary data directory, loads it with autocannon
// next to a minimal Fastify "hello world" (bench/baseline-server.ts) loaded with the same tool and the same
// connections just before, and prints ours/baseline. A full run writes bench/results.json and bench/results.md
// and refreshes the table in README.md between the bench markers; --quick, --tiers, --no-pg or --no-overload
// write to test-artifacts/bench instead.
//
// Only 127.0.0.1 is targeted; every load phase is bounded in time or count, and the whole run has a hard
// deadline. A crashed step makes the exit code 1; a performance number never does.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import { Client } from 'pg'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AcResult>
import { createDb } from '../server/db/dialect'
import { idCheckChar } from '../src/domain/identity'
import { migrate } from '../server/db/migrate'
import { BACKLOG, BENCH_DATA_KEY, pgSink, seedAppeals, seedReviewers, sqliteSink, type Principal, type Sink } from './seed'

// ---------------------------------------------------------------- options
const ROOT = path.resolve(__dirname, '..')
const argv = process.argv.slice(2)
const QUICK = argv.includes('--quick')
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(name + '='))?.split('=')[1]
}
const parseN = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim())
  if (!m) throw new Error(`bad tier "${s}" (e.g. 10k, 1m)`)
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1))
}
const TIERS = (flag('--tiers') ?? (QUICK ? '12k' : '10k,100k,1m')).split(',').map(parseN).sort((a, b) => a - b)
const DUR = QUICK ? 3 : 10 // seconds per load phase
const CONN = { status: 50, create: 20, claim: 50, upload: 4, overload: QUICK ? 1500 : 3000 }
const CREATES = QUICK ? 150 : 1500
const POLLERS = 200
const WITH_PG = !argv.includes('--no-pg')
const WITH_OVERLOAD = !argv.includes('--no-overload')
// Only a full run (default tiers, PostgreSQL and overload included) replaces the tracked bench/results.md and
// the README table; a smoke or partial run writes under test-artifacts/bench, so `.ci/run` leaves git clean.
const FULL = !QUICK && flag('--tiers') === undefined && WITH_PG && WITH_OVERLOAD
const OUT_DIR = FULL ? path.join(ROOT, 'bench') : path.join(ROOT, 'test-artifacts/bench')
const DEADLINE_MS = QUICK ? 110_000 : 25 * 60_000
const PG_ADMIN = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://appeal:appeal@127.0.0.1:5432/postgres'
const SAMPLES = path.join(ROOT, 'tests/fixtures')
const TSX = path.join(ROOT, 'node_modules/.bin/tsx')
const API = '/api/v1'

// ---------------------------------------------------------------- results
interface Load {
  rps: number
  total: number
  ok: number
  non2xx: number
  errors: number
  p50: number
  p99: number
  max: number
  seconds: number
}
interface Row {
  section: string
  measure: string
  store: string
  tier: string
  ours: string
  baseline: string
  ratio: string
  p99: string
  peakRssMb: string
  target: string
  met: boolean | null
}
const rows: Row[] = []
const failures: string[] = []
const results: Record<string, unknown> = {}
const log = (s: string): void => void process.stdout.write(s + '\n')
const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–')
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–')
const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '–')
const tierName = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n))

// ---------------------------------------------------------------- processes
const children = new Set<ChildProcess>()
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'appeal-bench-'))

function startProc(script: string, env: Record<string, string>, logName: string): ChildProcess {
  const out = fs.openSync(path.join(tmpRoot, logName), 'a')
  const child = spawn(TSX, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', out, out],
    detached: true // own process group: stopped as a group (tsx runs the script in a child process)
  })
  fs.closeSync(out)
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

async function stopProc(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return
  const done = new Promise<void>((r) => child.once('exit', () => r()))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    /* gone */
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      /* gone */
    }
  }, 15_000)
  await done
  clearTimeout(t)
}

function killAll(): void {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL')
    } catch {
      /* gone */
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

async function waitHttp(url: string, child: ChildProcess, logName: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (child.exitCode !== null) break
    try {
      const r = await fetch(url)
      if (r.status < 500) return
    } catch {
      /* not yet */
    }
    await sleep(200)
  }
  const tail = fs.existsSync(path.join(tmpRoot, logName)) ? fs.readFileSync(path.join(tmpRoot, logName), 'utf8').slice(-2000) : ''
  throw new Error(`${url} did not come up (exit ${child.exitCode}):\n${tail}`)
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Server {
  child: ChildProcess
  port: number
  base: string
}

// The bench is one load generator on one address with a handful of citizens: the anti-abuse rate limits
// (server/security/rate-limits.ts) would answer it 429 by design, so they are off here — the bench measures
// the cost of the work, and a real wave comes from many addresses and citizens.
const NO_RATE_LIMITS = Object.fromEntries(
  ['UPLOADS', 'APPEALS', 'URGES'].flatMap((w) => [[`RATE_LIMIT_${w}_PER_ADDRESS`, '0'], [`RATE_LIMIT_${w}_PER_CITIZEN`, '0']]).concat([['RATE_LIMIT_VERIFY_PER_ADDRESS', '0'], ['RATE_LIMIT_SESSIONS_PER_ADDRESS', '0']])
)

async function startApi(env: Record<string, string>, name: string): Promise<Server> {
  const port = await freePort()
  const child = startProc('server/main.ts', { HOST: '127.0.0.1', PORT: String(port), H5_DIR: path.join(tmpRoot, 'no-h5'), RECEIPT_KEY: 'bench-receipt-key-0123456789abcdef0123456789', DATA_KEY: BENCH_DATA_KEY, ...NO_RATE_LIMITS, ...env }, `${name}.log`)
  await waitHttp(`http://127.0.0.1:${port}/healthz`, child, `${name}.log`)
  return { child, port, base: `http://127.0.0.1:${port}` }
}

// ---------------------------------------------------------------- memory: peak RSS of a process tree
function descendants(pid: number): number[] {
  const parent = new Map<number, number>()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      /* exited */
    }
  }
  const out = [pid]
  for (let i = 0; i < out.length; i++) for (const [c, p] of parent) if (p === out[i]) out.push(c)
  return out
}
function statusKb(pid: number, key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}
/** The server's node process: the biggest of the tree (tsx's launcher is small). */
function serverPids(children: ChildProcess[]): number[] {
  return children.flatMap((c) => {
    const tree = descendants(c.pid!)
    return [tree.reduce((a, b) => (statusKb(b, 'VmRSS') > statusKb(a, 'VmRSS') ? b : a))]
  })
}
/** Resets the kernel's peak-RSS mark (clear_refs 5) so VmHWM covers one phase; false when not allowed. */
function resetPeak(pids: number[]): boolean {
  let ok = true
  for (const p of pids) {
    try {
      fs.writeFileSync(`/proc/${p}/clear_refs`, '5')
    } catch {
      ok = false
    }
  }
  return ok
}
const peakMb = (pids: number[]): number => pids.reduce((s, p) => s + statusKb(p, 'VmHWM'), 0) / 1024

async function withPeak<T>(servers: Server[], fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  const pids = serverPids(servers.map((s) => s.child))
  resetPeak(pids)
  const value = await fn()
  return { value, peakRssMb: peakMb(pids) }
}

// ---------------------------------------------------------------- load
interface AcResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; max: number }
  '2xx': number
  non2xx: number
  errors: number
  timeouts: number
  duration: number
}

async function load(opts: Record<string, unknown>): Promise<Load> {
  const t0 = performance.now()
  const r = await autocannon({ timeout: 10, ...opts })
  const seconds = (performance.now() - t0) / 1000 // autocannon's own duration is whole seconds
  const ok = r['2xx']
  return {
    rps: ok / seconds,
    total: r.requests.total,
    ok,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    seconds
  }
}

let baselineBase = ''
async function baseline(connections: number, method: 'GET' | 'POST', body?: string): Promise<Load> {
  return load({
    url: baselineBase + '/',
    connections,
    duration: DUR,
    method,
    ...(body ? { body, headers: { 'content-type': 'application/json' } } : {})
  })
}

function addRow(r: Omit<Row, 'met'> & { met?: boolean | null }): void {
  rows.push({ met: null, ...r })
}

// ---------------------------------------------------------------- HTTP helpers (setup, not timed)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
type Res = { status: number; body: any; ms: number; headers: http.IncomingHttpHeaders }
/** setup calls: a 503 (shedding after a heavy phase) is retried for a few seconds, as the app would */
async function setupReq(base: string, method: string, url: string, opts: Parameters<typeof req>[3] = {}): Promise<Res> {
  for (let i = 0; ; i++) {
    const r = await req(base, method, url, opts)
    if (r.status !== 503 || i >= 40) return r
    await sleep(250)
  }
}
function req(base: string, method: string, url: string, opts: { token?: string; body?: unknown; raw?: Buffer; headers?: Record<string, string> } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const u = new URL(base + url)
    const payload = opts.raw ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)))
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    if (payload && !opts.raw) headers['content-type'] = 'application/json'
    if (payload) headers['content-length'] = String(payload.length)
    const r = http.request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: any = text
        try {
          body = text ? JSON.parse(text) : null
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - t0, headers: res.headers })
      })
    })
    r.on('timeout', () => r.destroy(new Error('timeout')))
    r.on('error', reject)
    if (payload) r.write(payload)
    r.end()
  })
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i], i)
      }
    })
  )
}

function multipart(file: Buffer, filename: string, type: string): { body: Buffer; contentType: string } {
  const boundary = '----bench' + randomBytes(8).toString('hex')
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function tinyPng(seed: number): Promise<Buffer> {
  const w = 40
  const h = 60
  const data = Buffer.alloc(w * h * 3)
  let x = (seed + 1) * 2654435761
  for (let i = 0; i < data.length; i++) {
    x = (x ^ (x << 13)) >>> 0
    x = (x ^ (x >>> 17)) >>> 0
    x = (x ^ (x << 5)) >>> 0
    data[i] = x & 0xff
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer()
}

const VALID_ID = '11010519491231002' + idCheckChar('11010519491231002')
const hoursAgo = (h: number): string => new Date(Date.now() - h * 3600_000).toISOString()

// ---------------------------------------------------------------- measures
async function measureStatus(servers: Server[], base: string, store: string, tier: string, pollers: { token: string; appealId: string }[]): Promise<void> {
  // sanity: the poll answers with position and ETA fields
  const probe = await setupReq(base, 'GET', `${API}/appeals/${pollers[0].appealId}`, { token: pollers[0].token })
  if (probe.status !== 200 || !probe.body?.queue || !('etaMinutes' in probe.body.queue)) throw new Error(`status probe: ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}`)
  const b = await baseline(CONN.status, 'GET')
  let i = 0
  const { value: r, peakRssMb } = await withPeak(servers, () =>
    load({
      url: base,
      connections: CONN.status,
      duration: DUR,
      requests: [
        {
          method: 'GET',
          setupRequest: (rq: Record<string, unknown>) => {
            const p = pollers[i++ % pollers.length]
            return { ...rq, path: `${API}/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` } }
          }
        }
      ]
    })
  )
  const ratio = r.rps / b.rps
  results[`status:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb, position: probe.body.queue }
  addRow({ section: 'status', measure: `status poll GET /appeals/:id (${CONN.status} conn)`, store, tier, ours: `${f0(r.rps)} req/s`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `${f0(r.p99)} ms`, peakRssMb: f0(peakRssMb), target: '≥ 50% of baseline', met: ratio >= 0.5 && r.non2xx === 0 && r.errors === 0 })
  log(`  status ${store} ${tier}: ${f0(r.rps)} req/s vs ${f0(b.rps)} baseline (${pct(ratio)}), p99 ${r.p99} ms, non2xx ${r.non2xx}, errors ${r.errors}, peak RSS ${f0(peakRssMb)} MB`)
}

async function measureClaims(servers: Server[], base: string, store: string, tier: string, reviewers: Principal[]): Promise<void> {
  const b = await baseline(CONN.claim, 'POST', '{}')
  const claimMs: number[] = []
  const decideMs: number[] = []
  const seen = new Map<string, string>()
  let doubles = 0
  let empty = 0
  let errors = 0
  let firstError: string | undefined
  const t0 = Date.now()
  const end = t0 + DUR * 1000
  const { peakRssMb } = await withPeak(servers, () =>
    Promise.all(
      reviewers.slice(0, CONN.claim).map(async (rv) => {
        while (Date.now() < end) {
          const c = await req(base, 'POST', `${API}/review/claim`, { token: rv.token })
          if (c.status === 204) {
            empty++
            await sleep(50)
            continue
          }
          if (c.status !== 200) {
            errors++
            firstError ??= `claim ${c.status} ${JSON.stringify(c.body).slice(0, 160)}`
            if (c.status === 503) await sleep(100)
            continue
          }
          claimMs.push(c.ms)
          const id = c.body.id as string
          const prev = seen.get(id)
          // a double claim is two reviewers holding one appeal; the same reviewer getting back the appeal it
          // already holds (its decide was shed with 503 and it claimed again) is the claim contract, not a double
          if (prev !== undefined && prev !== rv.id) doubles++
          seen.set(id, rv.id)
          const d = await req(base, 'POST', `${API}/review/appeals/${id}/decision`, { token: rv.token, body: { outcome: 'approved' } })
          if (d.status !== 200) {
            errors++
            firstError ??= `decide ${d.status} ${JSON.stringify(d.body).slice(0, 160)}`
          } else decideMs.push(d.ms)
        }
      })
    )
  )
  const secs = (Date.now() - t0) / 1000
  const q = (a: number[], p: number): number => {
    if (a.length === 0) return NaN
    const s = [...a].sort((x, y) => x - y)
    return s[Math.min(s.length - 1, Math.floor(p * s.length))]
  }
  const claimsPerSec = claimMs.length / secs
  const opsPerSec = (claimMs.length + decideMs.length) / secs
  const ratio = opsPerSec / b.rps
  const r = { claims: claimMs.length, decisions: decideMs.length, claimsPerSec, opsPerSec, claimP50: q(claimMs, 0.5), claimP99: q(claimMs, 0.99), decideP99: q(decideMs, 0.99), doubles, empty, errors, firstError, seconds: secs }
  results[`claim:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb }
  addRow({ section: 'claim', measure: `50 reviewers claim + decide (claims/s; ops = claim+decide)`, store, tier, ours: `${f0(claimsPerSec)} claims/s (${f0(opsPerSec)} ops/s)`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `claim ${f1(r.claimP99)} ms`, peakRssMb: f0(peakRssMb), target: '0 double claims; p99 claim < 50 ms', met: doubles === 0 && r.claimP99 < 50 && errors === 0 })
  log(`  claims ${store} ${tier}: ${r.claims} claims in ${f1(secs)} s (${f0(claimsPerSec)}/s), p50 ${f1(r.claimP50)} ms p99 ${f1(r.claimP99)} ms, decide p99 ${f1(r.decideP99)} ms, doubles ${doubles}, 204s ${empty}, errors ${errors}${firstError ? ` (first: ${firstError})` : ''}`)
}

async function measureCreate(servers: Server[], base: string, store: string, tier: string): Promise<void> {
  // fresh, unattached uploads for every creation, uploaded through the API before the timed phase
  const citizens: string[] = []
  for (let i = 0; i < CONN.create; i++) {
    const r = await setupReq(base, 'POST', `${API}/session/device`)
    if (r.status !== 200) throw new Error(`device session: ${r.status}`)
    citizens.push(r.body.token)
  }
  const seed0 = Math.floor(Math.random() * 1e9)
  const bodies: { token: string; body: string }[] = new Array(CREATES + 1)
  const t0 = Date.now()
  await pool(Array.from({ length: CREATES + 1 }, (_, i) => i), 8, async (i) => {
    const token = citizens[i % citizens.length]
    const ids: string[] = []
    for (const k of [0, 1]) {
      const m = multipart(await tinyPng(seed0 + i * 2 + k), 'shot.png', 'image/png')
      const u = await setupReq(base, 'POST', `${API}/uploads`, { token, raw: m.body, headers: { 'content-type': m.contentType } })
      if (u.status !== 201) throw new Error(`pre-upload: ${u.status} ${JSON.stringify(u.body).slice(0, 200)}`)
      ids.push(u.body.id)
    }
    bodies[i] = {
      token,
      body: JSON.stringify({
        category: 'medicine',
        popupShot: ids[0],
        negativeTests: [{ shot: ids[1], sampledAt: hoursAgo(3) }],
        district: '朝阳区',
        applicant: { name: '张三', idNumber: VALID_ID, phone: '13800138000' },
        statement: '只买过哮喘药，核酸阴性后仍弹窗'
      })
    }
  })
  log(`  create ${store}: ${(CREATES + 1) * 2} uploads pre-uploaded in ${f1((Date.now() - t0) / 1000)} s`)
  const last = bodies.pop()!
  const probe = await setupReq(base, 'POST', `${API}/appeals`, { token: last.token, raw: Buffer.from(last.body), headers: { 'content-type': 'application/json' } })
  if (probe.status !== 201) throw new Error(`create probe: ${probe.status} ${JSON.stringify(probe.body).slice(0, 300)}`)
  const b = await baseline(CONN.create, 'POST', bodies[0].body)
  let i = 0
  const { value: r, peakRssMb } = await withPeak(servers, () =>
    load({
      url: base,
      connections: CONN.create,
      amount: CREATES,
      requests: [
        {
          method: 'POST',
          setupRequest: (rq: Record<string, unknown>) => {
            const x = bodies[i++ % bodies.length]
            return { ...rq, path: `${API}/appeals`, body: x.body, headers: { authorization: `Bearer ${x.token}`, 'content-type': 'application/json' } }
          }
        }
      ]
    })
  )
  const ratio = r.rps / b.rps
  const sync = store === 'sqlite' ? 'synchronous=FULL' : 'PostgreSQL fsync on commit'
  results[`create:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb, durability: sync }
  addRow({ section: 'create', measure: `create appeal, uploads ready, durable (${sync}; ${CONN.create} conn)`, store, tier, ours: `${f0(r.rps)} req/s`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `${f0(r.p99)} ms`, peakRssMb: f0(peakRssMb), target: '≥ 25% of baseline, p99 < 50 ms', met: ratio >= 0.25 && r.p99 < 50 && r.non2xx === 0 })
  log(`  create ${store}: ${r.ok}/${r.total} created, ${f0(r.rps)} req/s vs ${f0(b.rps)} (${pct(ratio)}), p50 ${r.p50} p99 ${r.p99} ms, non2xx ${r.non2xx}`)
  if (r.non2xx > 0) log(`  (non-2xx on create: the rotating body list ran out or a body failed — see server log)`)
}

async function measureUpload(servers: Server[], base: string): Promise<void> {
  const png = fs.readFileSync(path.join(SAMPLES, 'popup.png'))
  const meta = await sharp(png).metadata()
  const tok = (await setupReq(base, 'POST', `${API}/session/device`)).body.token as string
  const m = multipart(png, 'popup.png', 'image/png')
  const check = await setupReq(base, 'POST', `${API}/uploads`, { token: tok, raw: m.body, headers: { 'content-type': m.contentType } })
  if (check.status !== 201) throw new Error(`upload probe: ${check.status} ${JSON.stringify(check.body).slice(0, 200)}`)
  const b = await baseline(CONN.upload, 'POST', '{}')
  const { value: r, peakRssMb } = await withPeak(servers, () =>
    load({
      url: base + `${API}/uploads`,
      connections: CONN.upload,
      duration: DUR * 2,
      method: 'POST',
      body: m.body,
      headers: { authorization: `Bearer ${tok}`, 'content-type': m.contentType }
    })
  )
  const cores = os.cpus().length
  const perCore = r.rps / cores
  results['upload:sqlite'] = { ours: r, baseline: b, perCore, cores, image: { width: meta.width, height: meta.height, bytes: png.length }, peakRssMb }
  addRow({ section: 'upload', measure: `screenshot upload ${meta.width}×${meta.height} PNG ${f0(png.length / 1024)} KB (${CONN.upload} conn)`, store: 'sqlite', tier: '–', ours: `${f1(r.rps)} uploads/s = ${f1(perCore)}/s per core`, baseline: `${f0(b.rps)} req/s`, ratio: pct(r.rps / b.rps), p99: `${f0(r.p99)} ms`, peakRssMb: f0(peakRssMb), target: '≥ 20 uploads/s per core', met: perCore >= 20 && r.non2xx === 0 })
  log(`  upload: ${f1(r.rps)}/s (${f1(perCore)} per core of ${cores}), p99 ${r.p99} ms, non2xx ${r.non2xx}, peak RSS ${f0(peakRssMb)} MB`)
}

async function measureOverload(servers: Server[], base: string, pollers: { token: string; appealId: string }[]): Promise<void> {
  // a probe polls every 250 ms through the burst and after it: status, Retry-After, latency
  const probes: { phase: string; status: number; ms: number; retryAfter?: string }[] = []
  let phase = 'during'
  let probing = true
  const probeLoop = (async () => {
    const probeAgent = new http.Agent({ keepAlive: false })
    while (probing) {
      const t0 = performance.now()
      const p = pollers[probes.length % pollers.length]
      await new Promise<void>((resolve) => {
        const r = http.get({ agent: probeAgent, host: '127.0.0.1', port: new URL(base).port, path: `${API}/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` }, timeout: 15_000 }, (res) => {
          res.resume()
          res.on('end', () => {
            probes.push({ phase, status: res.statusCode ?? 0, ms: performance.now() - t0, retryAfter: res.headers['retry-after'] as string | undefined })
            resolve()
          })
        })
        r.on('timeout', () => r.destroy(new Error('timeout')))
        r.on('error', () => {
          probes.push({ phase, status: 0, ms: performance.now() - t0 })
          resolve()
        })
      })
      await sleep(250)
    }
  })()
  let i = 0
  const statusReq = [
    {
      method: 'GET',
      setupRequest: (rq: Record<string, unknown>) => {
        const p = pollers[i++ % pollers.length]
        return { ...rq, path: `${API}/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` } }
      }
    }
  ]
  const { value: during, peakRssMb } = await withPeak(servers, () => load({ url: base, connections: CONN.overload, duration: QUICK ? 5 : 12, requests: statusReq }))
  phase = 'after'
  await sleep(1500) // load dropped; shedding should stop within the sample interval
  const after = await load({ url: base, connections: 10, duration: QUICK ? 3 : 8, requests: statusReq })
  probing = false
  await probeLoop
  const sum = (ph: string) => {
    const ps = probes.filter((p) => p.phase === ph)
    const s = ps.map((p) => p.ms).sort((a, b) => a - b)
    return {
      probes: ps.length,
      ok: ps.filter((p) => p.status === 200).length,
      shed503: ps.filter((p) => p.status === 503).length,
      retryAfter: [...new Set(ps.filter((p) => p.retryAfter).map((p) => p.retryAfter))],
      failed: ps.filter((p) => p.status === 0).length,
      p50: s[Math.floor(s.length / 2)] ?? NaN,
      max: s[s.length - 1] ?? NaN
    }
  }
  const errRate = (l: Load): number => (l.total + l.errors === 0 ? 0 : (l.non2xx + l.errors) / (l.total + l.errors))
  const res = { connections: CONN.overload, during, after, errorRateDuring: errRate(during), errorRateAfter: errRate(after), probeDuring: sum('during'), probeAfter: sum('after'), peakRssMb }
  results['overload:sqlite'] = res
  const recovered = res.errorRateAfter < 0.01 && after.p99 < 1000
  const shed = during.non2xx > 0
  addRow({ section: 'overload', measure: `overload: ${CONN.overload} conn on status poll, then 10 conn`, store: 'sqlite', tier: '–', ours: `during: ${f0(during.rps)} ok/s, ${pct(res.errorRateDuring)} shed/failed (${f0(during.non2xx)} 503, ${during.errors} conn errors); after: ${f0(after.rps)} ok/s, ${pct(res.errorRateAfter)} errors`, baseline: '–', ratio: '–', p99: `during ${f0(during.p99)} ms / after ${f0(after.p99)} ms`, peakRssMb: f0(peakRssMb), target: '503 + Retry-After while overloaded; recovers', met: shed && recovered })
  log(`  overload: during ${JSON.stringify({ ok: during.ok, non2xx: during.non2xx, errors: during.errors, p50: during.p50, p99: during.p99 })}; after ${JSON.stringify({ ok: after.ok, non2xx: after.non2xx, errors: after.errors, p99: after.p99 })}; probes ${JSON.stringify(res.probeDuring)} / ${JSON.stringify(res.probeAfter)}`)
}

// ---------------------------------------------------------------- sizes and phone-side compression
async function measureSizes(): Promise<void> {
  const weappOk = fs.existsSync(path.join(ROOT, 'dist/weapp/app.json'))
  const h5Ok = fs.existsSync(path.join(ROOT, 'dist/h5/index.html'))
  if (argv.includes('--build') || !weappOk) execFileSync('npx', ['taro', 'build', '--type', 'weapp'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 })
  if (argv.includes('--build') || !h5Ok) execFileSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 })
  let out = ''
  try {
    out = execFileSync('node', ['scripts/check-budgets.mjs', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '') // over budget exits 1: still a figure, not a crash
  }
  const json = JSON.parse(out.slice(out.indexOf('\n{') + 1, out.lastIndexOf('}') + 1)) as { weapp: Record<string, number>; h5: { raw: number; gzip: number } }
  // gzip of the weapp main package too (WeChat counts raw bytes against its limit; gzip is what travels)
  const kb = (n: number): string => `${f1(n / 1024)} KB`
  const main = json.weapp.main
  const sub = json.weapp.reviewer ?? NaN
  results.sizes = { ...json, weappMainGzip: gzDir(path.join(ROOT, 'dist/weapp'), ['reviewer', 'packageAppeal']) }
  addRow({ section: 'size', measure: 'weapp main package (raw bytes, as WeChat counts)', store: '–', tier: '–', ours: kb(main), baseline: '–', ratio: '–', p99: '–', peakRssMb: '–', target: '≤ 400 KB', met: main <= 400 * 1024 })
  addRow({ section: 'size', measure: 'weapp reviewer subpackage', store: '–', tier: '–', ours: kb(sub), baseline: '–', ratio: '–', p99: '–', peakRssMb: '–', target: 'reported', met: null })
  addRow({ section: 'size', measure: 'h5 initial JS (gzip)', store: '–', tier: '–', ours: `${kb(json.h5.gzip)} (raw ${kb(json.h5.raw)})`, baseline: '–', ratio: '–', p99: '–', peakRssMb: '–', target: 'reported', met: null })
  log(`  sizes: weapp main ${kb(main)}, reviewer ${kb(sub)}, h5 initial gzip ${kb(json.h5.gzip)}`)
}

function gzDir(dir: string, skipRoots: string[]): number {
  let total = 0
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n)
      const rel = path.relative(dir, p)
      if (skipRoots.some((r) => rel === r || rel.startsWith(r + '/')) || /\.(map|txt)$/.test(n) || n.startsWith('project.')) continue
      if (fs.statSync(p).isDirectory()) walk(p)
      else total += gzipSync(fs.readFileSync(p)).length
    }
  }
  walk(dir)
  return total
}

async function measureCompression(): Promise<void> {
  // the h5 canvas path of src/services/compress.ts, emulated with sharp: ≤ MAX_WIDTH wide, white background, JPEG
  const src = fs.readFileSync(path.join(ROOT, 'src/services/compress.ts'), 'utf8')
  const maxWidth = Number(/MAX_WIDTH\s*=\s*(\d+)/.exec(src)?.[1] ?? 1080)
  const quality = Number(/JPEG_QUALITY\s*=\s*([\d.]+)/.exec(src)?.[1] ?? 0.8)
  const png = fs.readFileSync(path.join(SAMPLES, 'popup.png'))
  const meta = await sharp(png).metadata()
  const out = await sharp(png).resize({ width: maxWidth, withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: Math.round(quality * 100) }).toBuffer()
  const ratio = out.length / png.length
  results.compression = { original: png.length, compressed: out.length, ratio, width: meta.width, height: meta.height, maxWidth, quality }
  addRow({ section: 'size', measure: `phone-side compression of ${meta.width}×${meta.height} PNG (h5 canvas path: ≤${maxWidth} px, JPEG ${quality})`, store: '–', tier: '–', ours: `${f0(png.length / 1024)} KB → ${f0(out.length / 1024)} KB`, baseline: '–', ratio: pct(ratio), p99: '–', peakRssMb: '–', target: '≤ 30% of original', met: ratio <= 0.3 })
  log(`  compression: ${png.length} → ${out.length} bytes (${pct(ratio)})`)
}

// ---------------------------------------------------------------- the runs
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  log(`▶ ${name}`)
  try {
    await fn()
  } catch (err) {
    const msg = `${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`
    failures.push(msg)
    log(`✗ ${msg}`)
  }
}

async function sqliteRun(): Promise<void> {
  const dataDir = path.join(tmpRoot, 'sqlite')
  const db = createDb({ dataDir, databaseUrl: null })
  await migrate(db)
  await db.kysely.destroy()
  const file = path.join(dataDir, 'appeals.sqlite')
  let reviewers: Principal[] = []
  for (const [k, tier] of TIERS.entries()) {
    const name = tierName(tier)
    let pollers: { token: string; appealId: string }[] = []
    await step(`seed SQLite to ${name} appeals`, async () => {
      const sink = sqliteSink(file)
      try {
        if (k === 0) reviewers = await seedReviewers(sink, CONN.claim, 'bench-r')
        const s = await seedAppeals(sink, tier, { pollCount: POLLERS, log })
        pollers = s.pollers
        const rate = s.added / (s.ms / 1000)
        results[`seed:sqlite:${name}`] = { ...s, pollers: s.pollers.length, rowsPerSec: rate }
        log(`  seeded ${s.added} appeals (+ citizens, uploads, tests, events) in ${f1(s.ms / 1000)} s = ${f0(rate)} appeals/s; ${s.total} total, ${s.queued} queued`)
        addRow({ section: 'seed', measure: `seed appeals to ${name} (bulk, better-sqlite3, 5 rows each)`, store: 'sqlite', tier: name, ours: `${f0(s.added)} in ${f1(s.ms / 1000)} s (${f0(rate)}/s)`, baseline: '–', ratio: '–', p99: '–', peakRssMb: '–', target: 'minutes, not hours', met: s.ms < 10 * 60_000 })
      } finally {
        await sink.close()
      }
    })
    if (pollers.length === 0) continue
    let server: Server | null = null
    await step(`start production server on SQLite (${name})`, async () => {
      server = await startApi({ DATA_DIR: dataDir }, `sqlite-${name}`)
    })
    if (!server) continue
    const s: Server = server
    await req(s.base, 'GET', '/healthz')
    await step(`status poll (${name})`, () => measureStatus([s], s.base, 'sqlite', name, pollers))
    await step(`claims (${name})`, () => measureClaims([s], s.base, 'sqlite', name, reviewers))
    if (k === 0) {
      await step('create appeal', () => measureCreate([s], s.base, 'sqlite', name))
      await step('screenshot upload', () => measureUpload([s], s.base))
      if (WITH_OVERLOAD) await step('overload', () => measureOverload([s], s.base, pollers))
    }
    agent.destroy()
    await stopProc(s.child)
  }
}

async function pgRun(): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN })
  try {
    await admin.connect()
  } catch (err) {
    log(`  PostgreSQL not reachable at ${PG_ADMIN.replace(/:[^:@/]+@/, ':***@')} (${(err as Error).message}); scale-out skipped`)
    results.pg = { skipped: String((err as Error).message) }
    return
  }
  const dbName = `appeal_bench_${randomBytes(5).toString('hex')}`
  await admin.query(`CREATE DATABASE ${dbName}`)
  const url = new URL(PG_ADMIN)
  url.pathname = `/${dbName}`
  const servers: Server[] = []
  let proxy: ChildProcess | null = null
  try {
    const db = createDb({ dataDir: path.join(tmpRoot, 'pg'), databaseUrl: url.toString() })
    await migrate(db)
    await db.kysely.destroy()
    const tier = TIERS[0]
    const name = tierName(tier)
    const c = new Client({ connectionString: url.toString() })
    await c.connect()
    const sink = pgSink(c)
    const reviewers = await seedReviewers(sink, CONN.claim, 'bench-pg-r')
    const s = await seedAppeals(sink, tier, { pollCount: POLLERS, log })
    await sink.close()
    await c.end()
    log(`  seeded PostgreSQL: ${s.added} appeals in ${f1(s.ms / 1000)} s`)
    results[`seed:postgres:${name}`] = { ...s, pollers: s.pollers.length }
    // two API processes, one shared DATA_DIR (stand-in for shared object storage), one address in front
    const shared = path.join(tmpRoot, 'pg-files')
    for (const n of [1, 2]) servers.push(await startApi({ DATA_DIR: shared, DATABASE_URL: url.toString() }, `pg-api-${n}`))
    const port = await freePort()
    proxy = startProc('bench/proxy.ts', { PORT: String(port), BACKENDS: servers.map((x) => `127.0.0.1:${x.port}`).join(',') }, 'proxy.log')
    await waitHttp(`http://127.0.0.1:${port}/healthz`, proxy, 'proxy.log')
    const base = `http://127.0.0.1:${port}`
    const store = 'postgres ×2'
    await step(`status poll (PostgreSQL, 2 processes, ${name})`, () => measureStatus(servers, base, store, name, s.pollers))
    await step(`claims (PostgreSQL, 2 processes, ${name})`, () => measureClaims(servers, base, store, name, reviewers))
    await step(`create appeal (PostgreSQL, 2 processes)`, () => measureCreate(servers, base, store, name))
  } finally {
    agent.destroy() // idle keep-alive sockets would hold the servers' graceful shutdown open
    if (proxy) await stopProc(proxy)
    await Promise.all(servers.map((x) => stopProc(x.child)))
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined)
    await admin.end()
  }
}

function machine(): Record<string, string> {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?'
  return { nproc: String(os.cpus().length), cpu, memory: `${f1(os.totalmem() / 2 ** 30)} GiB`, node: process.version, load: os.loadavg().map((x) => x.toFixed(2)).join(' '), date: new Date().toISOString() }
}

function table(): string {
  const head = ['measure', 'store', 'DB size', 'ours', 'baseline (hello world)', 'ours/baseline', 'p99', 'peak RSS MB', 'target', 'met']
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`]
  for (const r of rows) lines.push(`| ${[r.measure, r.store, r.tier, r.ours, r.baseline, r.ratio, r.p99, r.peakRssMb, r.target, r.met === null ? '–' : r.met ? 'yes' : '**no**'].join(' | ')} |`)
  return lines.join('\n')
}

function flatness(): void {
  // the same status and claim figures across DB sizes: within ±30% of their mean → flat
  for (const kind of ['status', 'claim']) {
    const xs = TIERS.map((t) => results[`${kind}:sqlite:${tierName(t)}`] as { ratio: number; ours: { claimP99?: number; p99?: number } } | undefined).filter(Boolean) as { ratio: number }[]
    if (xs.length < 2) continue
    const ratios = xs.map((x) => x.ratio)
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length
    const spread = Math.max(...ratios.map((r) => Math.abs(r / mean - 1)))
    results[`flat:${kind}`] = { ratios, spread }
    addRow({ section: 'flat', measure: `${kind} across ${TIERS.map(tierName).join(' / ')} (ratio to baseline)`, store: 'sqlite', tier: TIERS.map(tierName).join('/'), ours: ratios.map(pct).join(' / '), baseline: '–', ratio: `±${pct(spread)}`, p99: '–', peakRssMb: '–', target: 'within ±30%', met: spread <= 0.3 })
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    log(`✗ bench exceeded its deadline of ${DEADLINE_MS / 1000} s; stopping`)
    killAll()
    process.exit(1)
  }, DEADLINE_MS)
  deadline.unref()
  process.on('SIGINT', () => {
    killAll()
    process.exit(130)
  })
  const started = Date.now()
  const m = machine()
  log(`bench ${QUICK ? '(quick) ' : ''}on ${m.nproc} × ${m.cpu}, ${m.memory}, Node ${m.node}, load ${m.load}; tiers ${TIERS.map(tierName).join(', ')}; ${DUR} s per phase; temp ${tmpRoot}`)
  const bport = await freePort()
  const bl = startProc('bench/baseline-server.ts', { PORT: String(bport) }, 'baseline.log')
  baselineBase = `http://127.0.0.1:${bport}`
  try {
    await waitHttp(baselineBase + '/', bl, 'baseline.log')
    await step('sizes', measureSizes)
    await step('phone-side compression', measureCompression)
    await sqliteRun()
    flatness()
    if (WITH_PG) await step('scale-out on PostgreSQL', pgRun)
  } catch (err) {
    failures.push(String(err instanceof Error ? err.stack : err))
  } finally {
    await stopProc(bl)
    killAll()
  }
  const out = { machine: m, quick: QUICK, tiers: TIERS, secondsPerPhase: DUR, backlog: BACKLOG, connections: CONN, wallSeconds: Math.round((Date.now() - started) / 1000), rows, results, failures }
  const txt = table()
  fs.mkdirSync(OUT_DIR, { recursive: true })
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(out, null, 2) + '\n')
  const md = `Machine: ${m.nproc} × ${m.cpu}, ${m.memory} RAM, Node ${m.node}, load average at start ${m.load}; ${m.date}; ${QUICK ? 'quick' : FULL ? 'full' : 'partial'} run, ${out.wallSeconds} s.\n\n${txt}\n`
  fs.writeFileSync(path.join(OUT_DIR, 'results.md'), md)
  log(`results written to ${path.relative(ROOT, OUT_DIR)}/results.{json,md}`)
  if (FULL && failures.length === 0) {
    const readme = path.join(ROOT, 'README.md')
    const s = fs.readFileSync(readme, 'utf8')
    const a = '<!-- bench:start -->'
    const b = '<!-- bench:end -->'
    if (s.includes(a) && s.includes(b)) fs.writeFileSync(readme, s.slice(0, s.indexOf(a) + a.length) + '\n' + md + s.slice(s.indexOf(b)))
  }
  log('\n' + md)
  if (failures.length) {
    log(`${failures.length} step(s) crashed:\n` + failures.map((f) => '  ' + f.split('\n')[0]).join('\n'))
    process.exitCode = 1
  }
  fs.rmSync(tmpRoot, { recursive: true, force: true })
  agent.destroy()
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    log(String(err instanceof Error ? err.stack : err))
    killAll()
    process.exit(1)
  }
)
