// Queue discipline: the priority rule, the citizen's position and ETA, SLA overdue, filters, keyset paging,
// stats — and the position/rate queries use indexes (EXPLAIN), so they stay cheap at a million appeals.
import { sql } from 'kysely'
import { aheadIn, aheadQueries, queueInfo } from '../../server/appeals/position'
import { retierQueue } from '../../server/jobs/sweeps'
import { inShanghai } from '../../src/domain/time'
import { backdate, client, fileQuickAppeal, reviewerToken, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let sup: { token: string; id: string }

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  sup = await reviewerToken(server, api, 'sup', { supervisor: true, districts: [] })
})
afterAll(() => server.close())

const beijingDate = (daysFromNow: number) => inShanghai(Date.now() + daysFromNow * 86400_000).format('YYYY-MM-DD')

it('orders by the priority rule; each citizen sees their position; claim takes the first; re-tier as need-by nears', async () => {
  const district = '海淀区'
  const normal = await fileQuickAppeal(api, 10, { district })
  const urged = await fileQuickAppeal(api, 20, { district })
  const blocked = await fileQuickAppeal(api, 30, { district, blockedFromTesting: true, negativeTests: [] })
  const soon = await fileQuickAppeal(api, 40, { district, needBy: { date: beijingDate(1), reason: 'train' } })
  const far = await fileQuickAppeal(api, 50, { district, needBy: { date: beijingDate(10), reason: 'exam' } })
  expect((await api.call('POST', `/appeals/${urged.id}/urge`, { token: urged.token })).status).toBe(200)

  const order = [blocked, soon, urged, normal, far]
  for (const [i, a] of order.entries()) {
    const r = await api.call('GET', `/appeals/${a.id}`, { token: a.token })
    expect(r.body.queue).toEqual({ position: i, etaMinutes: null })
  }
  const q = await api.call('GET', `/review/queue?district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(q.status).toBe(200)
  expect(q.body.items.map((i: { id: string }) => i.id)).toEqual(order.map((a) => a.id))
  expect(q.body.items[0].flags).toMatchObject({ blockedFromTesting: true, urged: false, overdue: false, reusedScreenshot: false })
  expect(q.body.items[2].flags.urged).toBe(true)
  const flagged = await api.call('GET', `/review/queue?flag=need_by&district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(flagged.body.items.map((i: { id: string }) => i.id)).toEqual([soon.id, far.id])
  const byAge = await api.call('GET', `/review/queue?sort=age&district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(byAge.body.items.map((i: { id: string }) => i.id)).toEqual([normal, urged, blocked, soon, far].map((a) => a.id))

  // the far need-by date comes close: the periodic re-tier moves it up
  expect(await retierQueue(server.app.db.kysely, new Date(Date.now() + 9 * 86400_000))).toBe(1)
  const farNow = await api.call('GET', `/appeals/${far.id}`, { token: far.token })
  expect(farNow.body.queue.position).toBe(2)

  // claim next takes the first under the rule; a decision gives the rest an ETA
  const haidian = await reviewerToken(server, api, 'hd', { districts: [district] })
  const c = await api.call('POST', '/review/claim', { token: haidian.token })
  expect(c.body.id).toBe(blocked.id)
  expect(c.body.evidence).toEqual([{ rule: 'has_test', ok: true, message: expect.stringContaining('拒检') }])
  await api.call('POST', `/review/appeals/${blocked.id}/decision`, { token: haidian.token, body: { outcome: 'approved' } })
  const after = await api.call('GET', `/appeals/${normal.id}`, { token: normal.token })
  expect(after.body.queue.position).toBe(3)
  expect(after.body.queue.etaMinutes).toBeGreaterThan(0)
  const closed = await api.call('GET', `/appeals/${blocked.id}`, { token: blocked.token })
  expect(closed.body.queue).toBeNull()
})

it('SLA: due 24 h after submission; overdue flagged in the queue, filterable, counted (back-dated)', async () => {
  const district = '通州区'
  const late = await fileQuickAppeal(api, 60, { district })
  const onTime = await fileQuickAppeal(api, 70, { district })
  const a = await api.call('GET', `/appeals/${late.id}`, { token: late.token })
  expect(Date.parse(a.body.dueAt) - Date.parse(a.body.createdAt)).toBe(24 * 3600_000)
  expect(a.body.overdue).toBe(false)
  await backdate(server, late.id, 25, ['created_at', 'due_at'])
  const q = await api.call('GET', `/review/queue?district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(q.body.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([
    [late.id, true],
    [onTime.id, false]
  ])
  expect(q.body.items[0].flags.overdue).toBe(true)
  expect(q.body.counts.overdue).toBeGreaterThanOrEqual(1)
  const only = await api.call('GET', `/review/queue?overdue=true&district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(only.body.items.map((i: { id: string }) => i.id)).toEqual([late.id])
  const not = await api.call('GET', `/review/queue?overdue=false&district=${encodeURIComponent(district)}`, { token: sup.token })
  expect(not.body.items.map((i: { id: string }) => i.id)).toEqual([onTime.id])
  expect((await api.call('GET', `/appeals/${late.id}`, { token: late.token })).body.overdue).toBe(true)
  const stats = await api.call('GET', '/review/stats', { token: sup.token })
  expect(stats.status).toBe(200)
  expect(stats.body.sla.overdueOpen).toBeGreaterThanOrEqual(1)
})

it('keyset paging walks the whole queue once, in order, without OFFSET; a bad cursor → 400', async () => {
  const district = '密云区'
  const ids: string[] = []
  for (let i = 0; i < 7; i++) ids.push((await fileQuickAppeal(api, 100 + i * 3, { district })).id)
  const seen: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 10; page++) {
    const url: string = `/review/queue?limit=3&district=${encodeURIComponent(district)}` + (cursor ? `&cursor=${cursor}` : '')
    const r = await api.call('GET', url, { token: sup.token })
    expect(r.status).toBe(200)
    expect(r.body.items.length).toBeLessThanOrEqual(3)
    seen.push(...r.body.items.map((i: { id: string }) => i.id))
    cursor = r.body.nextCursor
    if (!cursor) break
  }
  expect(seen).toEqual(ids)
  const bad = await api.call('GET', '/review/queue?cursor=not-a-cursor', { token: sup.token })
  expect(bad.status).toBe(400)
  expect((await api.call('GET', '/review/queue?limit=0', { token: sup.token })).status).toBe(400)
  expect((await api.call('GET', '/review/queue?district=Gotham', { token: sup.token })).status).toBe(400)
})

it('stats: backlog by district and status, decisions per hour, median minutes, SLA compliance', async () => {
  const district = '延庆区'
  const x = await fileQuickAppeal(api, 300, { district })
  const y = await fileQuickAppeal(api, 310, { district })
  await fileQuickAppeal(api, 320, { district })
  await backdate(server, y.id, 30, ['created_at', 'due_at'])
  const yq = await reviewerToken(server, api, 'yq', { districts: [district] })
  for (const id of [x.id, y.id]) {
    expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: yq.token })).status).toBe(200)
    expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: yq.token, body: { outcome: 'rejected', reasonCode: 'other' } })).status).toBe(200)
  }
  const r = await api.call('GET', '/review/stats', { token: yq.token })
  expect(r.status).toBe(200)
  expect(r.body.backlog).toEqual([{ district, status: 'queued', count: 1 }])
  expect(r.body.decisionsPerHour.reduce((s: number, h: { count: number }) => s + h.count, 0)).toBe(2)
  expect(r.body.sla).toEqual({ decided: 2, withinSla: 1, compliance: 0.5, overdueOpen: 0 })
  expect(r.body.medianMinutesToDecision).toBeGreaterThan(800) // (≈0 + 1800) / 2
  expect((await api.call('GET', '/review/stats?from=2022-01-02T00:00:00Z&to=2022-01-01T00:00:00Z', { token: yq.token })).status).toBe(400)
})

it('position and rate queries use indexes, not full scans (EXPLAIN)', async () => {
  const db = server.app.db.kysely
  const row = { district: '朝阳区', priority: 2, created_at: new Date().toISOString(), id: 'x' }
  const plans = aheadQueries(db, row).map((q) => q.compile().sql)
  if (server.app.db.dialect === 'sqlite') {
    const plan = await sql`EXPLAIN QUERY PLAN SELECT count(*) FROM appeals WHERE status = 'queued' AND district = ${row.district} AND priority = ${row.priority} AND (created_at, id) < (${row.created_at}, ${row.id})`.execute(db)
    const text = JSON.stringify(plan.rows)
    expect(text).toMatch(/USING (COVERING )?INDEX appeals_queue_priority/)
    expect(text).not.toMatch(/SCAN appeals(?! USING)/)
    const rate = await sql`EXPLAIN QUERY PLAN SELECT count(*) FROM appeals WHERE district = ${row.district} AND decided_at >= ${row.created_at}`.execute(db)
    expect(JSON.stringify(rate.rows)).toMatch(/USING (COVERING )?INDEX appeals_district_decided/)
  } else {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx)
      const plan = await sql`EXPLAIN SELECT count(*) FROM appeals WHERE status = 'queued' AND district = ${row.district} AND priority = ${row.priority} AND (created_at, id) < (${row.created_at}, ${row.id})`.execute(trx)
      // on a near-empty table the planner may pick either queue index; what matters is an index range, no Seq Scan
      expect(JSON.stringify(plan.rows)).toMatch(/Index (Only )?Scan using appeals_queue_/)
      expect(JSON.stringify(plan.rows)).not.toContain('Seq Scan')
      const rate = await sql`EXPLAIN SELECT count(*) FROM appeals WHERE district = ${row.district} AND decided_at >= ${row.created_at}`.execute(trx)
      expect(JSON.stringify(rate.rows)).toMatch(/Index (Only )?Scan using appeals_(district_)?decided/)
      expect(JSON.stringify(rate.rows)).not.toContain('Seq Scan')
    })
  }
  expect(plans.join(' ')).not.toMatch(/offset/i)
})

it('the per-district snapshot (QUEUE_SNAPSHOT_MS) answers the same position and ETA as the exact counts', async () => {
  const district = '门头沟区'
  const filed = []
  for (let i = 0; i < 6; i++) filed.push(await fileQuickAppeal(api, 200 + i, { district, ...(i % 3 === 2 ? { blockedFromTesting: true, negativeTests: [] } : {}) }))
  const db = server.app.db.kysely
  const rows = await db.selectFrom('appeals').selectAll().where('district', '=', district).where('status', '=', 'queued').execute()
  expect(rows.length).toBe(6)
  const now = new Date()
  for (const row of rows) {
    const exact = await queueInfo(db, row, now, 0)
    expect(await queueInfo(db, row, now, 60_000)).toEqual(exact)
    expect(aheadIn([], row)).toBe(0)
  }
  expect(new Set(await Promise.all(rows.map(async (r) => (await queueInfo(db, r, now, 60_000)).position)))).toEqual(new Set([0, 1, 2, 3, 4, 5]))
})
