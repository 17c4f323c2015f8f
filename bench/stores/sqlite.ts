// The measures on SQLite, tier by tier: seed the file up to the tier (server stopped), start the production
// server on it, measure, stop. Uploads and overload do not depend on the database size: first tier only.
import path from 'node:path'
import { createDb } from '../../server/db/dialect'
import { migrate } from '../../server/db/migrate'
import { agent, req } from '../lib/http'
import { POLLERS, REVIEWERS, TIERS, tierName, wanted, WITH_OVERLOAD } from '../lib/options'
import { startApi, stopProc, tmpRoot, type Server } from '../lib/procs'
import { addRow, f0, f1, log, results, step } from '../lib/results'
import { measureClaims } from '../measures/claims'
import { measureCreate } from '../measures/create'
import { flatness } from '../measures/flat'
import { measureOverload } from '../measures/overload'
import { measureStatus, type Poller } from '../measures/status'
import { measureUploads } from '../measures/upload'
import { seedAppeals, seedReviewers, sqliteSink, type Principal } from '../seed'

const STORE = 'sqlite'

export async function sqliteRun(): Promise<void> {
  const dataDir = path.join(tmpRoot, 'sqlite')
  const db = createDb({ dataDir, databaseUrl: null })
  await migrate(db)
  await db.kysely.destroy()
  const file = path.join(dataDir, 'appeals.sqlite')
  let reviewers: Principal[] = []
  for (const [k, tier] of TIERS.entries()) {
    const name = tierName(tier)
    let pollers: Poller[] = []
    await step(`seed SQLite to ${name} appeals`, async () => {
      const sink = sqliteSink(file)
      try {
        if (k === 0) reviewers = await seedReviewers(sink, Math.max(REVIEWERS.closed, REVIEWERS.open), 'bench-r')
        const s = await seedAppeals(sink, tier, { pollCount: POLLERS, log })
        pollers = s.pollers
        const rate = s.added / (s.ms / 1000)
        results[`seed:${STORE}:${name}`] = { ...s, pollers: s.pollers.length, rowsPerSec: rate }
        log(`  seeded ${s.added} appeals (+ citizens, uploads, tests, events) in ${f1(s.ms / 1000)} s = ${f0(rate)} appeals/s; ${s.total} total, ${s.queued} queued`)
        addRow({ section: 'seed', measure: `seed appeals to ${name} (bulk, better-sqlite3, 5 rows each)`, store: STORE, tier: name, ours: `${f0(s.added)} in ${f1(s.ms / 1000)} s (${f0(rate)}/s)`, target: 'minutes, not hours', met: s.ms < 10 * 60_000 })
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
    try {
      await req(s.base, 'GET', '/healthz')
      if (wanted('status')) await step(`status poll (${name})`, () => measureStatus([s], s.base, STORE, name, pollers))
      if (wanted('claims')) await step(`claims (${name})`, () => measureClaims([s], s.base, STORE, name, reviewers))
      if (wanted('create')) await step(`create appeal (${name})`, () => measureCreate([s], s.base, STORE, name))
      if (k === 0) {
        if (wanted('uploads')) await step('screenshot uploads', () => measureUploads([s], s.base))
        if (WITH_OVERLOAD && wanted('overload')) await step('overload', () => measureOverload([s], s.base, pollers))
      }
    } finally {
      agent.destroy() // idle keep-alive sockets would hold the server's graceful shutdown open
      await stopProc(s.child)
    }
  }
  flatness(STORE)
}
