// The audit trail is append-only on both stores, through the app's own connection (kysely, the prepared-
// statement cache on SQLite, the pool on PostgreSQL): UPDATE is refused, DELETE is refused — except the
// retention purge, which alone opens its own transaction to it.
//
// Refusals are read from the error's message, not with `rejects.toThrow`: better-sqlite3's native addon is
// loaded once per jest worker and keeps the SqliteError class of the first test file that loaded it, so in
// every later file of that worker its errors come from another realm, fail jest's `instanceof Error`, and
// `rejects.toThrow` reports "did not throw" although the database refused (issue 11 §5, the report of an
// UPDATE that "went through"). The rows are checked afterwards as well: unchanged is the real proof.
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { purgeAuditLog } from '../../server/audit/service'
import { sqliteFile } from '../../server/db/dialect'
import { startServer, type TestServer } from '../api/helpers'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

const k = () => server.app.db.kysely
const DAY = 24 * 3600_000

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work
    return 'went through'
  } catch (err) {
    return String((err as { message?: unknown }).message)
  }
}

async function seed(detail: string, ageDays: number): Promise<void> {
  await k()
    .insertInto('audit_log')
    .values({ at: new Date(Date.now() - ageDays * DAY).toISOString(), actor_type: 'system', actor_id: null, action: 'claim', appeal_id: null, detail })
    .execute()
}

async function details(): Promise<(string | null)[]> {
  return (await k().selectFrom('audit_log').select('detail').orderBy('id').execute()).map((r) => r.detail)
}

it('UPDATE and DELETE of audit_log through the app’s own connection are refused, repeatedly, and change nothing', async () => {
  await seed('keep-1', 1)
  await seed('keep-2', 2000) // older than the retention period: still only the purge may remove it
  const before = await details()
  // twice each: the second run reuses the cached prepared statement on SQLite
  for (let i = 0; i < 2; i++) {
    expect(await refusal(k().updateTable('audit_log').set({ action: 'x' }).execute())).toMatch(/append-only/)
    expect(await refusal(k().updateTable('audit_log').set({ detail: 'y' }).where('detail', '=', 'keep-1').execute())).toMatch(/append-only/)
    expect(await refusal(k().deleteFrom('audit_log').execute())).toMatch(/append-only/)
    expect(await refusal(k().deleteFrom('audit_log').where('detail', '=', 'keep-2').execute())).toMatch(/append-only/)
    // inside a transaction of the app's, as a buggy service would try it
    expect(await refusal(k().transaction().execute((trx) => trx.deleteFrom('audit_log').where('detail', '=', 'keep-1').execute()))).toMatch(/append-only/)
  }
  expect(await details()).toEqual(before)
  expect((await k().selectFrom('audit_log').select('action').where('detail', 'in', ['keep-1', 'keep-2']).execute()).map((r) => r.action)).toEqual([
    'claim',
    'claim'
  ])
})

it('the retention purge alone may delete, only what is past retention, and leaves nothing open behind it', async () => {
  await seed('purge-me', server.config.auditRetentionDays + 2)
  await seed('too-young', server.config.auditRetentionDays - 2)
  const n = await purgeAuditLog(server.app.db.kysely, server.app.db.dialect, server.config.auditRetentionDays)
  expect(n).toBeGreaterThanOrEqual(1)
  const left = await details()
  expect(left).not.toContain('purge-me')
  expect(left).toContain('too-young')
  // the purge's permission ended with its transaction: the next DELETE is refused again
  expect(await refusal(k().deleteFrom('audit_log').where('detail', '=', 'too-young').execute())).toMatch(/append-only/)
  if (server.app.db.dialect === 'sqlite') {
    expect(await k().selectFrom('audit_purge_guard').selectAll().execute()).toEqual([])
  } else {
    const setting = await sql<{ v: string | null }>`SELECT current_setting('popup_appeal.audit_purge', true) AS v`.execute(server.app.db.kysely)
    expect(setting.rows[0].v === null || setting.rows[0].v === '' || setting.rows[0].v === 'off').toBe(true)
  }
  expect(await details()).toContain('too-young')
})

it('SQLite: a connection of its own (anyone with the file) cannot UPDATE or DELETE either', async () => {
  if (server.app.db.dialect !== 'sqlite') {
    // PostgreSQL: the trigger belongs to the table, whatever the connection; shown above through the pool
    expect(server.app.db.dialect).toBe('postgres')
    return
  }
  await seed('raw-keep', 1)
  const raw = new SQLite(sqliteFile(server.config))
  try {
    expect(() => raw.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/)
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
  } finally {
    raw.close()
  }
  expect(await details()).toContain('raw-keep')
})
