// The measures on PostgreSQL behind two API processes (one address in front, bench/proxy.ts), tier by tier
// like SQLite: a scratch database seeded up to the tier while the servers are down, then measured.
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { Client } from 'pg'
import { createDb } from '../../server/db/dialect'
import { migrate } from '../../server/db/migrate'
import { agent } from '../lib/http'
import { baselineUrl, setBaseline } from '../lib/load'
import { PG_ADMIN, POLLERS, REVIEWERS, TIERS, tierName, wanted } from '../lib/options'
import { freePort, startApi, startProc, stopProc, tmpRoot, waitHttp, type Server } from '../lib/procs'
import { addRow, f0, f1, log, results, step } from '../lib/results'
import { measureClaims } from '../measures/claims'
import { measureCreate } from '../measures/create'
import { flatness } from '../measures/flat'
import { measureStatus, type Poller } from '../measures/status'
import { pgSink, seedAppeals, seedReviewers, type Principal } from '../seed'

const STORE = 'postgres ×2'

async function seedTier(url: string, tier: number, first: boolean, reviewers: Principal[]): Promise<Poller[]> {
  const c = new Client({ connectionString: url })
  await c.connect()
  const sink = pgSink(c)
  try {
    if (first) reviewers.push(...(await seedReviewers(sink, Math.max(REVIEWERS.closed, REVIEWERS.open), 'bench-pg-r')))
    const s = await seedAppeals(sink, tier, { pollCount: POLLERS, log })
    const name = tierName(tier)
    const rate = s.added / (s.ms / 1000)
    results[`seed:postgres:${name}`] = { ...s, pollers: s.pollers.length, rowsPerSec: rate }
    log(`  seeded PostgreSQL: ${s.added} appeals in ${f1(s.ms / 1000)} s (${f0(rate)}/s); ${s.total} total, ${s.queued} queued`)
    addRow({ section: 'seed', measure: `seed appeals to ${name} (bulk, multi-row INSERT, 5 rows each)`, store: STORE, tier: name, ours: `${f0(s.added)} in ${f1(s.ms / 1000)} s (${f0(rate)}/s)`, target: 'minutes, not hours', met: s.ms < 10 * 60_000 })
    return s.pollers
  } finally {
    await sink.close()
    await c.end()
  }
}

/** Two API processes sharing one DATA_DIR (stand-in for shared object storage), one address in front. */
async function startPair(url: string, name: string): Promise<{ servers: Server[]; proxy: ChildProcess; base: string }> {
  const shared = path.join(tmpRoot, 'pg-files')
  const servers: Server[] = []
  for (const n of [1, 2]) servers.push(await startApi({ DATA_DIR: shared, DATABASE_URL: url }, `pg-${name}-api-${n}`))
  const port = await freePort()
  const proxy = startProc('bench/proxy.ts', { PORT: String(port), BACKENDS: servers.map((x) => `127.0.0.1:${x.port}`).join(',') }, `proxy-${name}.log`)
  await waitHttp(`http://127.0.0.1:${port}/healthz`, proxy, `proxy-${name}.log`)
  return { servers, proxy, base: `http://127.0.0.1:${port}` }
}

export async function pgRun(): Promise<void> {
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
  try {
    const db = createDb({ dataDir: path.join(tmpRoot, 'pg'), databaseUrl: url.toString() })
    await migrate(db)
    await db.kysely.destroy()
    const reviewers: Principal[] = []
    // the two API processes sit behind bench/proxy.ts (a userspace TCP relay on the same two cores); the hello
    // world is put behind one too for these phases, so the ratio does not charge the relay to the API
    const direct = baselineUrl()
    const relayPort = await freePort()
    const relay = startProc('bench/proxy.ts', { PORT: String(relayPort), BACKENDS: direct.replace('http://', '') }, 'proxy-baseline.log')
    await waitHttp(`http://127.0.0.1:${relayPort}/`, relay, 'proxy-baseline.log')
    setBaseline(`http://127.0.0.1:${relayPort}`)
    try {
      for (const [k, tier] of TIERS.entries()) {
        const name = tierName(tier)
        let pollers: Poller[] = []
        await step(`seed PostgreSQL to ${name} appeals`, async () => {
          pollers = await seedTier(url.toString(), tier, k === 0, reviewers)
        })
        if (pollers.length === 0) continue
        let pair: Awaited<ReturnType<typeof startPair>> | null = null
        try {
          await step(`start 2 API processes on PostgreSQL (${name})`, async () => {
            pair = await startPair(url.toString(), name)
          })
          if (!pair) continue
          const { servers, base } = pair as Awaited<ReturnType<typeof startPair>>
          if (wanted('status')) await step(`status poll (PostgreSQL, 2 processes, ${name})`, () => measureStatus(servers, base, STORE, name, pollers))
          if (wanted('claims')) await step(`claims (PostgreSQL, 2 processes, ${name})`, () => measureClaims(servers, base, STORE, name, reviewers))
          if (wanted('create')) await step(`create appeal (PostgreSQL, 2 processes, ${name})`, () => measureCreate(servers, base, STORE, name))
        } finally {
          agent.destroy() // idle keep-alive sockets would hold the servers' graceful shutdown open
          const p = pair as Awaited<ReturnType<typeof startPair>> | null
          if (p) {
            await stopProc(p.proxy)
            await Promise.all(p.servers.map((x) => stopProc(x.child)))
          }
        }
      }
    } finally {
      setBaseline(direct)
      await stopProc(relay)
    }
    flatness(STORE)
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined)
    await admin.end()
  }
}
