// What an operator and a support desk see over HTTP: request ids, health, readiness, version, metrics, logs.
import fs from 'node:fs'
import path from 'node:path'
import { startInProcess, type OpsServer } from './support'
import { client, fileQuickAppeal, VALID_ID } from '../api/helpers'
import { MIGRATIONS } from '../../server/db/migrate'

describe('request ids', () => {
  let s: OpsServer
  beforeAll(async () => {
    s = await startInProcess({}, { captureLog: true })
  })
  afterAll(() => s.close())

  it('returns a generated id in X-Request-Id and in error bodies, and logs every request line with it', async () => {
    const res = await fetch(`${s.base}/api/v1/appeals/nope`, { headers: { authorization: 'Bearer not-a-real-token' } })
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const body = await res.json()
    expect(body.error.code).toBeDefined()
    expect(body.error.requestId).toBe(id)
    const lines = s.logLines().filter((l) => l.reqId === id)
    expect(lines.length).toBeGreaterThanOrEqual(1) // the 401 is logged (a 2xx under LOG_SLOW_REQUEST_MS is not)
    expect(s.logLines().filter((l) => l.req || l.res).every((l) => typeof l.reqId === "string")).toBe(true)
  })

  it('keeps a sane incoming id and replaces one that is not', async () => {
    const good = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'lb-7f3a9c21.0001' } })
    expect(good.headers.get('x-request-id')).toBe('lb-7f3a9c21.0001')
    const bad = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'x y<script>' } })
    expect(bad.headers.get('x-request-id')).not.toContain('script')
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('never logs tokens, cookies or the applicant’s personal data', async () => {
    const api = client(s.base)
    const { token, id } = await fileQuickAppeal(api, 3)
    await fetch(`${s.base}/api/v1/files/${id}?token=${token}`, { headers: { cookie: 'sid=secret-cookie' } })
    // an invalid body that echoes the applicant fields back through the error path
    await api.call('POST', '/appeals', { token, body: { applicant: { name: '李四', idNumber: VALID_ID, phone: '13900139000' } } })
    s.app.log.info({ body: { applicant: { name: '王五', idNumber: VALID_ID, phone: '13700137000' } } }, 'a careless log line')
    const text = s.logLines().map((l) => JSON.stringify(l)).join('\n')
    expect(text).toContain('a careless log line')
    for (const secret of [token, 'secret-cookie', VALID_ID, '13700137000', '13900139000', '王五', '李四', '张三']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('[REDACTED]')
  })
})

describe('health, readiness, version', () => {
  let s: OpsServer
  beforeAll(async () => {
    s = await startInProcess()
  })
  afterAll(() => s.close())

  it('healthz answers; readyz reports every check ok', async () => {
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200)
    const r = await fetch(`${s.base}/readyz`)
    const body = await r.json()
    expect(r.status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', failing: [], checks: { database: { ok: true }, migrations: { ok: true }, dataDir: { ok: true } } })
  })

  it('version names the package version and the latest applied migration', async () => {
    const r = await fetch(`${s.base}/api/v1/version`)
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'))
    expect(await r.json()).toEqual({ version: pkg.version, schemaVersion: MIGRATIONS[MIGRATIONS.length - 1].name })
  })

  it('readyz is 503 naming migrations when one is pending', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1].name
    await s.app.db.kysely.deleteFrom('schema_migrations').where('name', '=', last).execute()
    try {
      const r = await fetch(`${s.base}/readyz`)
      const body = await r.json()
      expect(r.status).toBe(503)
      expect(body.failing).toEqual(['migrations'])
      expect(body.checks.migrations.detail).toContain(last)
    } finally {
      await s.app.db.kysely.insertInto('schema_migrations').values({ name: last, applied_at: new Date().toISOString() }).execute()
    }
  })
})

describe('readiness failures', () => {
  it('names dataDir when free space is below the threshold', async () => {
    const s = await startInProcess({ READY_MIN_FREE_MB: String(1024 * 1024) })
    try {
      const r = await fetch(`${s.base}/readyz`)
      const body = await r.json()
      expect(r.status).toBe(503)
      expect(body.failing).toEqual(['dataDir'])
      expect(body.checks.dataDir.detail).toContain('READY_MIN_FREE_MB')
    } finally {
      await s.close()
    }
  })

  it('names dataDir when the directory is gone, and database when the database is closed', async () => {
    const s = await startInProcess()
    try {
      fs.rmSync(s.dir, { recursive: true, force: true })
      let body = await (await fetch(`${s.base}/readyz`)).json()
      expect(body.failing).toContain('dataDir')
      await s.app.db.kysely.destroy()
      const r = await fetch(`${s.base}/readyz`)
      body = await r.json()
      expect(r.status).toBe(503)
      expect(body.failing).toEqual(expect.arrayContaining(['database', 'migrations', 'dataDir']))
    } finally {
      await s.app.close().catch(() => undefined)
    }
  })
})

describe('background tasks', () => {
  it('are stopped on close, waiting for a run in progress, before the database closes', async () => {
    const s = await startInProcess()
    let release!: () => void
    const events: string[] = []
    let started!: () => void
    const runStarted = new Promise<void>((r) => (started = r))
    s.app.background.every('test-sweep', 5, async () => {
      events.push('run')
      started()
      await new Promise<void>((r) => (release = r))
      await s.app.db.kysely.selectFrom('appeals').select('id').execute() // the database is still open
      events.push('run done')
    })
    s.app.background.add('dispatcher', () => {
      events.push('dispatcher stopped')
    })
    await runStarted
    let closed = false
    const closing = s.close().then(() => (closed = true))
    await new Promise((r) => setImmediate(r))
    expect(events).not.toContain('run done')
    expect(closed).toBe(false) // close waits for the run in progress
    release()
    await closing
    expect(events).toEqual(expect.arrayContaining(['run', 'dispatcher stopped', 'run done']))
    expect(events.filter((e) => e === 'run')).toHaveLength(1) // no new run once stopping began
  })
})
