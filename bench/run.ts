// npm run bench [-- --quick] [-- --tiers 10k,100k,1m] [-- --build] [-- --no-pg] [-- --no-overload]
//                [-- --no-reading | --reading-only] [-- --only status,claims,create,uploads,overload]
//
// Starts the PRODUCTION server (tsx server/main.ts) on a temporary data directory and measures, each beside a
// minimal Fastify "hello world" (bench/baseline-server.ts) loaded the same way just before: the status poll
// (full and conditional), claims (saturation, and open-loop latency at fixed offered rates), the durable
// create, uploads (the phone's JPEG and the raw PNG), overload, and how each cost holds from the smallest to
// the largest tier, on SQLite and on PostgreSQL behind two API processes.
// A full run writes bench/results.json and bench/results.md and refreshes the README table between the bench
// markers; --quick, --tiers, --no-pg or --no-overload write to test-artifacts/bench instead.
//
// Layout: lib/ (options, processes, load generators, usage from /proc, results), measures/ (one file per
// measure), stores/ (the tier loop on SQLite and on PostgreSQL). This file only orders them.
//
// Only 127.0.0.1 is targeted; every load phase is bounded in time or count, and the whole run has a hard
// deadline. A crashed step makes the exit code 1; a performance number never does.
import fs from 'node:fs'
import { BACKLOG } from './seed'
import { agent } from './lib/http'
import { setBaseline } from './lib/load'
import { CLAIM_RATES, CONN, DEADLINE_MS, DUR, ONLY, OPEN_LOOP_SECONDS, QUICK, READING_ONLY, REVIEWERS, TIERS, tierName, WITH_PG, WITH_READING } from './lib/options'
import { killAll, startBaseline, stopProc, tmpRoot } from './lib/procs'
import { failures, log, machine, step, writeOutputs } from './lib/results'
import { measureReadingBurst, measureReadingPool } from './measures/reading'
import { measureCompression, measureSizes } from './measures/sizes'
import { pgRun } from './stores/pg'
import { sqliteRun } from './stores/sqlite'

const started = Date.now()
const m = machine()
const shape = { tiers: TIERS, secondsPerPhase: DUR, backlog: BACKLOG, connections: CONN, reviewers: REVIEWERS, claimRates: CLAIM_RATES, openLoopSeconds: OPEN_LOOP_SECONDS }
const wall = (): number => Math.round((Date.now() - started) / 1000)

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    log(`✗ bench exceeded its deadline of ${DEADLINE_MS / 1000} s; stopping`)
    killAll()
    failures.push(`deadline of ${DEADLINE_MS / 1000} s exceeded`)
    writeOutputs(m, shape, wall()) // what was measured so far is still worth reading
    fs.rmSync(tmpRoot, { recursive: true, force: true })
    process.exit(1)
  }, DEADLINE_MS)
  deadline.unref()
  process.on('SIGINT', () => {
    killAll()
    process.exit(130)
  })
  log(`bench ${QUICK ? '(quick) ' : ''}on ${m.cores} × ${m.cpu}, ${m.memory}, Node ${m.node}, load ${m.load}; tiers ${TIERS.map(tierName).join(', ')}; ${DUR} s per phase; temp ${tmpRoot}`)
  let bl: Awaited<ReturnType<typeof startBaseline>> | null = null
  try {
    bl = await startBaseline()
    setBaseline(bl.base)
    if (!READING_ONLY) {
      if (ONLY === null) {
        await step('sizes', measureSizes)
        await step('phone-side compression', measureCompression)
      }
      await sqliteRun()
      if (WITH_PG) await step('PostgreSQL, 2 processes', pgRun)
    }
    if (WITH_READING || READING_ONLY) {
      await step('screenshot reading: reader pool', measureReadingPool)
      await step('screenshot reading: upload burst on the server', measureReadingBurst)
    }
  } catch (err) {
    failures.push(String(err instanceof Error ? err.stack : err))
  } finally {
    if (bl) await stopProc(bl.child)
    killAll()
  }
  writeOutputs(m, shape, wall())
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
