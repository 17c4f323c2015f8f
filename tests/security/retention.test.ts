// Retention (screenshots RETENTION_EVIDENCE_DAYS after closing, personal data RETENTION_APPEAL_DAYS after) and
// the citizen's rights (export, delete). Time moves by back-dating rows, never by waiting.
import fs from 'node:fs'
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, VALID_ID, type TestServer } from '../api/helpers'
import { filePath } from '../../server/uploads/service'
import { runRetention } from '../../server/privacy/service'
import { closedAppeal } from './support'

let server: TestServer
let api: ReturnType<typeof client>
let rev: string

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  rev = (await reviewerToken(server, api, 'ret-rev')).token
})
afterAll(() => server.close())

const k = () => server.app.db.kysely

async function uploadsOf(id: string): Promise<string[]> {
  return (await k().selectFrom('uploads').select('id').where('appeal_id', '=', id).execute()).map((u) => u.id)
}

it('31 days after closing the screenshots are deleted with an evidence_purged event; again = nothing new; open appeals keep theirs', async () => {
  const closed = await fileQuickAppeal(api, 1)
  const open = await fileQuickAppeal(api, 5)
  await closedAppeal(api, rev, closed)
  const shots = await uploadsOf(closed.id)
  expect(shots.length).toBe(2)
  for (const s of shots) expect(fs.existsSync(filePath(server.config, s))).toBe(true)

  // 29 days: not yet
  await backdate(server, closed.id, 29 * 24, ['updated_at'])
  expect((await runRetention(server.app.db, server.config)).evidencePurged).toBe(0)
  await backdate(server, closed.id, 2 * 24, ['updated_at'])
  await backdate(server, open.id, 400 * 24, ['updated_at', 'created_at'])
  const r = await runRetention(server.app.db, server.config)
  expect(r.evidencePurged).toBe(1)
  for (const s of shots) {
    expect(fs.existsSync(filePath(server.config, s))).toBe(false)
    expect(fs.existsSync(filePath(server.config, s, 'thumb'))).toBe(false)
  }
  for (const s of await uploadsOf(open.id)) expect(fs.existsSync(filePath(server.config, s))).toBe(true)
  expect((await runRetention(server.app.db, server.config)).evidencePurged).toBe(0) // idempotent

  const view = await api.call('GET', `/appeals/${closed.id}`, { token: closed.token })
  expect(view.status).toBe(200)
  const types = view.body.timeline.map((e: any) => e.type)
  expect(types.filter((t: string) => t === 'evidence_purged')).toHaveLength(1)
  expect(types).toEqual(expect.arrayContaining(['submitted', 'evidence_purged']))
  expect((await api.call('GET', `/files/${shots[0]}`, { token: closed.token })).status).toBe(404)

  // resumable: a run interrupted after deleting files but before marking completes on the next run
  const again = await fileQuickAppeal(api, 20)
  await closedAppeal(api, rev, again)
  await backdate(server, again.id, 31 * 24, ['updated_at'])
  for (const s of await uploadsOf(again.id)) fs.rmSync(filePath(server.config, s)) // a crash mid-run
  expect((await runRetention(server.app.db, server.config)).evidencePurged).toBe(1)

  // 181 days: anonymised — personal fields and statement gone, the HMAC dropped, the timeline kept
  await backdate(server, closed.id, 150 * 24, ['updated_at'])
  const r2 = await runRetention(server.app.db, server.config)
  expect(r2.appealsAnonymised).toBe(1)
  const row = await k().selectFrom('appeals').selectAll().where('id', '=', closed.id).executeTakeFirstOrThrow()
  expect(row).toMatchObject({ applicant_name: '', applicant_id_number: '', applicant_phone: '', applicant_id_hmac: null, statement: '', status: 'approved' })
  expect(row.anonymised_at).toEqual(expect.any(String))
  expect((await k().selectFrom('appeal_events').select('type').where('appeal_id', '=', closed.id).execute()).length).toBeGreaterThan(2)
  expect((await api.call('GET', '/appeals', { token: closed.token })).body.items).toEqual([])
  expect((await runRetention(server.app.db, server.config)).appealsAnonymised).toBe(0)
})

it('a citizen exports their appeals with their own full data, and deletes a closed one (not an open one); both audited', async () => {
  const a = await fileQuickAppeal(api, 40)
  const exp = await fetch(`${server.base}/api/v1/me/export`, { headers: { authorization: `Bearer ${a.token}` } })
  expect(exp.status).toBe(200)
  expect(exp.headers.get('content-disposition')).toContain('attachment')
  const data = await exp.json()
  expect(data.appeals).toHaveLength(1)
  expect(data.appeals[0].applicant).toEqual({ name: '张三', idNumber: VALID_ID, phone: '13800138000' })

  const early = await api.call('DELETE', `/me/appeals/${a.id}`, { token: a.token })
  expect(early.status).toBe(409)
  await closedAppeal(api, rev, a)
  const shots = await uploadsOf(a.id)
  const del = await api.call('DELETE', `/me/appeals/${a.id}`, { token: a.token })
  expect(del.status).toBe(204)
  for (const s of shots) expect(fs.existsSync(filePath(server.config, s))).toBe(false)
  expect((await api.call('GET', `/appeals/${a.id}`, { token: a.token })).status).toBe(404)
  expect((await api.call('DELETE', `/me/appeals/${a.id}`, { token: a.token })).status).toBe(404)
  const row = await k().selectFrom('appeals').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
  expect(row).toMatchObject({ applicant_name: '', applicant_id_number: '', applicant_phone: '', applicant_id_hmac: null, statement: '' })
  const events = await k().selectFrom('appeal_events').select(['type', 'note']).where('appeal_id', '=', a.id).execute()
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['submitted', 'evidence_purged', 'deleted_by_citizen']))
  expect(events.filter((e) => e.type !== 'evidence_purged').every((e) => e.note === null)).toBe(true)
  const audit = await k().selectFrom('audit_log').select(['action', 'actor_id', 'appeal_id']).where('action', 'in', ['citizen_export', 'citizen_delete']).execute()
  expect(audit.map((x: any) => x.action).sort()).toEqual(['citizen_delete', 'citizen_export'])
})

it('audit rows are kept AUDIT_RETENTION_DAYS (≥ 3 years) and then purged — the only delete of audit_log', async () => {
  expect(server.config.auditRetentionDays).toBeGreaterThanOrEqual(1095)
  const old = new Date(Date.now() - 1096 * 24 * 3600_000).toISOString()
  const recent = new Date(Date.now() - 1000 * 24 * 3600_000).toISOString()
  await k().insertInto('audit_log').values([
    { at: old, actor_type: 'system', actor_id: null, action: 'claim', appeal_id: null, detail: 'old' },
    { at: recent, actor_type: 'system', actor_id: null, action: 'claim', appeal_id: null, detail: 'recent' }
  ]).execute()
  const r = await runRetention(server.app.db, server.config)
  expect(r.auditRowsPurged).toBe(1)
  const left = await k().selectFrom('audit_log').select('detail').where('detail', 'in', ['old', 'recent']).execute()
  expect(left.map((x: any) => x.detail)).toEqual(['recent'])
})
