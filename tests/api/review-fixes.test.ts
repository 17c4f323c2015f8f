// Defects found by reading the code (issue 11 §5): a deleted appeal by its 查询码, one definition of overdue
// everywhere, reassign to a disabled reviewer and its audit, the throughput window cap.
import { reviewerDisable } from '../../server/cli/reviewer-disable'
import { MAX_WINDOW_DAYS } from '../../server/review/stats'
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let boss: { token: string; id: string }

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  boss = await reviewerToken(server, api, 'fix-boss', { supervisor: true })
})
afterAll(() => server.close())

const k = () => server.app.db.kysely

it('GET /appeals/by-tracking/:no does not return an appeal the citizen deleted', async () => {
  const { token, id } = await fileQuickAppeal(api, 1)
  const trackingNo = (await api.call('GET', `/appeals/${id}`, { token })).body.trackingNo
  expect((await api.call('GET', `/appeals/by-tracking/${trackingNo}`, { token })).status).toBe(200)
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: boss.token })).status).toBe(200)
  expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: boss.token, body: { outcome: 'approved' } })).status).toBe(200)
  expect((await api.call('DELETE', `/me/appeals/${id}`, { token })).status).toBe(204)

  const byNo = await api.call('GET', `/appeals/by-tracking/${trackingNo}`, { token })
  expect(byNo.status).toBe(404)
  expect(byNo.body.error.code).toBe('APPEAL_NOT_FOUND')
  expect((await api.call('GET', `/appeals/by-tracking/${trackingNo.toLowerCase()}`, { token })).status).toBe(404)
})

describe('overdue: one definition for the metric, the queue, stats, the overdue list and the view', () => {
  it('a needs_info appeal past its due time is not overdue anywhere; queued and in-review ones are, everywhere', async () => {
    const before = await k().selectFrom('appeals').select('id').execute()
    for (const { id } of before) await k().updateTable('appeals').set({ due_at: new Date(Date.now() + 48 * 3600_000).toISOString() }).where('id', '=', id).execute()

    const queued = await fileQuickAppeal(api, 11)
    const inReview = await fileQuickAppeal(api, 21)
    const needsInfo = await fileQuickAppeal(api, 31)
    const onTime = await fileQuickAppeal(api, 41)
    expect((await api.call('POST', `/review/appeals/${inReview.id}/claim`, { token: boss.token })).status).toBe(200)
    expect((await api.call('POST', `/review/appeals/${needsInfo.id}/claim`, { token: boss.token })).status).toBe(200)
    const asked = await api.call('POST', `/review/appeals/${needsInfo.id}/decision`, { token: boss.token, body: { outcome: 'needs_info', reasonCode: 'negative_test' } })
    expect(asked.status).toBe(200)
    for (const a of [queued, inReview, needsInfo]) await backdate(server, a.id, 72, ['due_at'])
    const overdueIds = [queued.id, inReview.id].sort()

    const metrics = await (await fetch(`${server.base}/metrics`)).text()
    const gauge = Number(/^appeal_overdue (\d+)$/m.exec(metrics)?.[1])

    const q = await api.call('GET', '/review/queue', { token: boss.token })
    expect(q.status).toBe(200)
    const filtered: string[] = []
    for (const status of ['queued', 'in_review', 'needs_info']) {
      const page = await api.call('GET', `/review/queue?status=${status}&overdue=true`, { token: boss.token })
      filtered.push(...page.body.items.map((i: { id: string }) => i.id))
      const rest = await api.call('GET', `/review/queue?status=${status}&overdue=false`, { token: boss.token })
      for (const i of rest.body.items) expect(overdueIds).not.toContain(i.id)
    }
    const stats = await api.call('GET', '/review/stats', { token: boss.token })
    const list = await api.call('GET', '/review/stats/overdue', { token: boss.token })

    expect(gauge).toBe(2)
    expect(q.body.counts.overdue).toBe(2)
    expect(filtered.sort()).toEqual(overdueIds)
    expect(stats.body.sla.overdueOpen).toBe(2)
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual(overdueIds)
    // the citizen's view says the same
    expect((await api.call('GET', `/appeals/${needsInfo.id}`, { token: needsInfo.token })).body.overdue).toBe(false)
    expect((await api.call('GET', `/appeals/${queued.id}`, { token: queued.token })).body.overdue).toBe(true)
    expect((await api.call('GET', `/appeals/${onTime.id}`, { token: onTime.token })).body.overdue).toBe(false)
  })
})

describe('reassign', () => {
  it('to a disabled reviewer is refused with REVIEWER_DISABLED and changes nothing', async () => {
    const gone = await reviewerToken(server, api, 'fix-gone')
    await reviewerDisable(['--username', 'fix-gone'], { DATA_DIR: server.dir, DATABASE_URL: server.config.databaseUrl ?? '', DATA_KEY: server.config.dataKey! })
    const { id } = await fileQuickAppeal(api, 51)
    const r = await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: gone.id } })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'REVIEWER_DISABLED', message: '该审核员账号已停用，不能指派给他', field: 'reviewerId' })
    const row = await k().selectFrom('appeals').select(['status', 'claimed_by']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'queued', claimed_by: null })
    const audit = await k().selectFrom('audit_log').select('action').where('appeal_id', '=', id).where('action', '=', 'reassign').execute()
    expect(audit).toEqual([])
  })

  it('is audited: who handed which appeal from whom to whom, and back to the queue', async () => {
    const alice = await reviewerToken(server, api, 'fix-alice')
    const bob = await reviewerToken(server, api, 'fix-bob')
    const { id } = await fileQuickAppeal(api, 61)
    expect((await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: alice.id } })).status).toBe(200)
    expect((await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: bob.id } })).status).toBe(200)
    expect((await api.call('POST', `/review/appeals/${id}/reassign`, { token: boss.token, body: { reviewerId: null } })).status).toBe(200)
    const rows = await k()
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'action', 'detail'])
      .where('appeal_id', '=', id)
      .where('action', '=', 'reassign')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => JSON.parse(r.detail!))).toEqual([
      { from: null, to: alice.id },
      { from: alice.id, to: bob.id },
      { from: bob.id, to: null }
    ])
    expect(rows.every((r) => r.actor_type === 'reviewer' && r.actor_id === boss.id)).toBe(true)
    // and supervisors can filter the trail by it
    const trail = await api.call('GET', `/review/audit?action=reassign`, { token: boss.token })
    expect(trail.status).toBe(200)
    expect(trail.body.items.filter((i: { appealId: string }) => i.appealId === id)).toHaveLength(3)
  })
})

describe('/review/stats/reviewers window', () => {
  it(`is capped at ${MAX_WINDOW_DAYS} days and validated like /review/stats`, async () => {
    const to = new Date()
    const iso = (d: Date) => d.toISOString()
    const within = new Date(to.getTime() - MAX_WINDOW_DAYS * 24 * 3600_000)
    const beyond = new Date(to.getTime() - (MAX_WINDOW_DAYS + 1) * 24 * 3600_000)
    const ok = await api.call('GET', `/review/stats/reviewers?from=${iso(within)}&to=${iso(to)}`, { token: boss.token })
    expect(ok.status).toBe(200)
    expect(Array.isArray(ok.body.items)).toBe(true)
    for (const path of ['/review/stats/reviewers', '/review/stats.csv']) {
      const wide = await api.call('GET', `${path}?from=${iso(beyond)}&to=${iso(to)}`, { token: boss.token })
      expect(wide.status).toBe(400)
      expect(wide.body.error.code).toBe('VALIDATION_FAILED')
      expect(wide.body.error.message).toContain(`${MAX_WINDOW_DAYS} 天`)
      const backwards = await api.call('GET', `${path}?from=${iso(to)}&to=${iso(within)}`, { token: boss.token })
      expect(backwards.status).toBe(400)
      const garbage = await api.call('GET', `${path}?from=yesterday`, { token: boss.token })
      expect(garbage.status).toBe(400)
      expect(garbage.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })
})
