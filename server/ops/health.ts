// GET /healthz: the process answers. GET /readyz: the database answers, migrations are current, the data
// directory is writable with free space above READY_MIN_FREE_MB — 503 naming the failing checks otherwise
// (and while shutting down, so a load balancer drains us). GET /api/v1/version: package and schema version.
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { MIGRATIONS } from '../db/migrate'

export interface Check {
  ok: boolean
  detail?: string
}

const PACKAGE_VERSION: string = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
})()

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
      timer.unref()
    })
  ]).finally(() => clearTimeout(timer))
}

async function appliedMigrations(app: FastifyInstance): Promise<string[]> {
  const rows = await app.db.kysely.selectFrom('schema_migrations').select('name').orderBy('name').execute()
  return rows.map((r) => r.name)
}

export async function readiness(app: FastifyInstance): Promise<{ ready: boolean; checks: Record<string, Check> }> {
  const checks: Record<string, Check> = {}
  try {
    await withTimeout(sql`SELECT 1`.execute(app.db.kysely), 2000, 'database')
    checks.database = { ok: true }
  } catch (err) {
    checks.database = { ok: false, detail: err instanceof Error ? err.message : 'unreachable' }
  }
  if (checks.database.ok) {
    try {
      const applied = new Set(await withTimeout(appliedMigrations(app), 2000, 'database'))
      const pending = MIGRATIONS.map((m) => m.name).filter((n) => !applied.has(n))
      checks.migrations = pending.length ? { ok: false, detail: `pending: ${pending.join(', ')}` } : { ok: true }
    } catch (err) {
      checks.migrations = { ok: false, detail: err instanceof Error ? err.message : 'unknown' }
    }
  } else {
    checks.migrations = { ok: false, detail: 'database unreachable' }
  }
  checks.dataDir = await dataDirCheck(app.config.dataDir, app.config.readyMinFreeMb)
  const ready = Object.values(checks).every((c) => c.ok)
  return { ready, checks }
}

async function dataDirCheck(dir: string, minFreeMb: number): Promise<Check> {
  try {
    const probe = path.join(dir, `.readyz-${process.pid}`)
    await fs.promises.writeFile(probe, 'ok')
    await fs.promises.unlink(probe)
    const st = await fs.promises.statfs(dir)
    const freeMb = Math.floor((Number(st.bavail) * Number(st.bsize)) / (1024 * 1024))
    if (freeMb < minFreeMb) return { ok: false, detail: `${freeMb} MiB free, below READY_MIN_FREE_MB=${minFreeMb}` }
    return { ok: true, detail: `${freeMb} MiB free` }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { ok: false, detail: `not writable${code ? ` (${code})` : ''}` }
  }
}

export async function healthRoutes(app: FastifyInstance, state: { closing: boolean }): Promise<void> {
  const quiet = { logLevel: 'warn' as const }
  app.get('/healthz', quiet, async () => ({ status: 'ok' }))

  app.get('/readyz', quiet, async (_req, reply) => {
    if (state.closing) {
      return reply.status(503).send({ status: 'unavailable', failing: ['shutdown'], checks: { shutdown: { ok: false, detail: 'shutting down' } } })
    }
    const { ready, checks } = await readiness(app)
    const failing = Object.entries(checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name)
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', failing, checks })
  })

  app.get('/api/v1/version', async () => {
    const applied = await appliedMigrations(app)
    return { version: PACKAGE_VERSION, schemaVersion: applied.length ? applied[applied.length - 1] : null }
  })
}
