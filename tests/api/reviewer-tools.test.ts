// Reviewer tools: the audit trail, the citizen's other appeals, clusters approved in one action, the CSV export.
import type { Appeal } from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import { idCheckChar } from '../../src/domain/identity'
import { addReviewer, client, fileQuickAppeal, startServer, VALID_ID, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let sup: string // supervisor, every district
let rev: string // 朝阳区
let far: string // 海淀区

const OTHER_ID = '11010119800101001' + idCheckChar('11010119800101001')

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  const s = await addReviewer(server, 'sup', { districts: ['朝阳区'], supervisor: true })
  const r = await addReviewer(server, 'rev', { districts: ['朝阳区'] })
  const f = await addReviewer(server, 'far', { districts: ['海淀区'] })
  sup = (await api.reviewerLogin(s.username, s.password)).token
  rev = (await api.reviewerLogin(r.username, r.password)).token
  far = (await api.reviewerLogin(f.username, f.password)).token
})
afterAll(() => server.close())

/** Files one appeal and has `token` claim exactly that one (the queue is drained first by the caller). */
async function fileAndClaim(token: string, seed: number, over = {}): Promise<{ citizen: string; id: string; appeal: ReviewAppealResponse }> {
  const filed = await fileQuickAppeal(api, seed, over)
  const c = await api.call<ReviewAppealResponse>('POST', `/review/appeals/${filed.id}/claim`, { token })
  expect(c.status).toBe(200)
  return { citizen: filed.token, id: filed.id, appeal: c.body }
}

async function approve(token: string, id: string) {
  const d = await api.call('POST', `/review/appeals/${id}/decision`, { token, body: { outcome: 'approved' } })
  expect(d.status).toBe(200)
}

describe('audit trail', () => {
  it("records claims, each opening of a screenshot and the decision; supervisors read it, others may not", async () => {
    const { id, appeal } = await fileAndClaim(rev, 100)
    const file = await fetch(`${server.base}/api/v1/files/${appeal.popupShot}?token=${rev}`)
    expect(file.status).toBe(200)
    await fetch(`${server.base}/api/v1/files/${appeal.negativeTests[0].shot}`, { headers: { authorization: `Bearer ${rev}` } })
    await approve(rev, id)

    const a = await api.call('GET', `/review/appeals/${id}/audit`, { token: sup })
    expect(a.status).toBe(200)
    const actions = a.body.items.map((e: { action: string }) => e.action)
    expect(actions).toEqual(['claim', 'view_evidence', 'view_evidence', 'decide'])
    expect(a.body.items[1]).toMatchObject({ actorType: 'reviewer', actorName: 'rev', appealId: id, detail: appeal.popupShot })
    expect(Date.parse(a.body.items[1].at)).toBeGreaterThan(Date.now() - 60_000)

    expect((await api.call('GET', `/review/appeals/${id}/audit`, { token: rev })).status).toBe(403)
    expect((await api.call('GET', `/review/appeals/${id}/audit`)).status).toBe(401)
  })

  it('a citizen opening their own screenshot is not a reviewer view', async () => {
    const { id, citizen, appeal } = await fileAndClaim(rev, 110)
    await fetch(`${server.base}/api/v1/files/${appeal.popupShot}`, { headers: { authorization: `Bearer ${citizen}` } })
    const a = await api.call('GET', `/review/appeals/${id}/audit`, { token: sup })
    expect(a.body.items.map((e: { action: string }) => e.action)).toEqual(['claim'])
    await approve(rev, id)
  })
})

describe("the citizen's earlier appeals", () => {
  it('lists other appeals with the same ID number, masked, within the reviewer’s districts', async () => {
    const earlier = await fileQuickAppeal(api, 200, { applicant: { name: '李四', idNumber: OTHER_ID, phone: '13900139000' } })
    const stranger = await fileQuickAppeal(api, 210)
    const elsewhere = await fileQuickAppeal(api, 220, { district: '海淀区', applicant: { name: '李四', idNumber: OTHER_ID, phone: '13900139000' } })
    const { id } = await fileAndClaim(rev, 230, { applicant: { name: '李四', idNumber: OTHER_ID, phone: '13900139000' } })

    const h = await api.call('GET', `/review/appeals/${id}/history`, { token: rev })
    expect(h.status).toBe(200)
    const ids = h.body.items.map((i: { id: string }) => i.id)
    expect(ids).toContain(earlier.id)
    expect(ids).not.toContain(stranger.id)
    expect(ids).not.toContain(elsewhere.id) // another district
    expect(ids).not.toContain(id)
    const item = h.body.items.find((i: { id: string }) => i.id === earlier.id)
    expect(item.applicant.idNumber).not.toBe(OTHER_ID)
    expect(item.applicant.idNumber).toMatch(/^1101\*+\d{3}[\dX]$/)
    expect(item.applicant.phone).toBe('139****9000')
    expect(JSON.stringify(h.body)).not.toContain(OTHER_ID)

    // the supervisor sees every district
    const hs = await api.call('GET', `/review/appeals/${id}/history`, { token: sup })
    expect(hs.body.items.map((i: { id: string }) => i.id)).toContain(elsewhere.id)
    // a reviewer of another district does not even learn the appeal exists
    expect((await api.call('GET', `/review/appeals/${id}/history`, { token: far })).status).toBe(404)
    await approve(rev, id)
    // leave the queue empty for the next describe blocks
    for (const x of [earlier, stranger]) {
      const c = await api.call('POST', `/review/appeals/${x.id}/claim`, { token: rev })
      expect(c.status).toBe(200)
      await approve(rev, x.id)
    }
  })
})

describe('clusters', () => {
  it('groups queued appeals by cause, district and hour; a supervisor approves the group in one action', async () => {
    const filed = []
    for (let i = 0; i < 3; i++) filed.push(await fileQuickAppeal(api, 300 + i * 2, { triggerDate: '2022-01-24' }))
    const loner = await fileQuickAppeal(api, 310, { triggerDate: '2022-01-25' })
    // the same hour, whatever the clock says while the test runs
    const hour = new Date().toISOString().slice(0, 13)
    await server.app.db.kysely
      .updateTable('appeals')
      .set({ created_at: `${hour}:05:00.000Z` })
      .where('id', 'in', filed.map((f) => f.id))
      .execute()

    expect((await api.call('GET', '/review/clusters', { token: rev })).status).toBe(403)
    const c = await api.call('GET', '/review/clusters', { token: sup })
    expect(c.status).toBe(200)
    const cluster = c.body.items.find((g: { triggerDate: string }) => g.triggerDate === '2022-01-24')
    expect(cluster).toMatchObject({ category: 'medicine', district: '朝阳区', hour, count: 3 })
    expect([...cluster.appealIds].sort()).toEqual(filed.map((f) => f.id).sort())
    expect(c.body.items.some((g: { appealIds: string[] }) => g.appealIds.includes(loner.id))).toBe(false)

    // one of them is being reviewed by someone else meanwhile: it is skipped, not taken away
    const held = await api.call('POST', `/review/appeals/${filed[2].id}/claim`, { token: rev })
    expect(held.status).toBe(200)

    const r = await api.call('POST', '/review/clusters/approve', { token: sup, body: { appealIds: cluster.appealIds, note: '同批购药，已核实' } })
    expect(r.status).toBe(200)
    expect([...r.body.approved].sort()).toEqual([filed[0].id, filed[1].id].sort())
    expect(r.body.skipped).toEqual([filed[2].id])

    for (const f of filed.slice(0, 2)) {
      const mine = await api.call<Appeal>('GET', `/appeals/${f.id}`, { token: f.token })
      expect(mine.body.status).toBe('approved')
      expect(mine.body.decision).toMatchObject({ outcome: 'approved', reasonCode: 'verified', note: '同批购药，已核实' })
      const types = mine.body.timeline.map((e) => e.type)
      expect(types.filter((t) => t === 'approved')).toHaveLength(1)
      expect(types).toContain('claimed')
    }
    // approving again changes nothing
    const again = await api.call('POST', '/review/clusters/approve', { token: sup, body: { appealIds: cluster.appealIds } })
    expect(again.body.approved).toEqual([])
    expect((await api.call('POST', '/review/clusters/approve', { token: rev, body: { appealIds: [loner.id] } })).status).toBe(403)
    expect((await api.call('POST', '/review/clusters/approve', { token: sup, body: { appealIds: [] } })).status).toBe(400)
    await approve(rev, filed[2].id)
  })
})

describe('supervisor figures', () => {
  it('reviewer throughput counts decisions per reviewer', async () => {
    const t = await api.call('GET', '/review/stats/reviewers', { token: sup })
    expect(t.status).toBe(200)
    const byName = Object.fromEntries(t.body.items.map((r: { username: string }) => [r.username, r]))
    expect(byName.rev.decided).toBeGreaterThanOrEqual(5)
    expect(byName.sup.approved).toBe(2)
    expect((await api.call('GET', '/review/stats/reviewers', { token: rev })).status).toBe(403)
  })

  it('exports CSV as an attachment without ID numbers, names or phones', async () => {
    const res = await fetch(`${server.base}/api/v1/review/stats.csv`, { headers: { authorization: `Bearer ${sup}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="review-stats-\d{4}-\d{2}-\d{2}\.csv"$/)
    const text = await res.text()
    expect(text).toContain('section,key,sub,value')
    expect(text).toMatch(/reviewer_throughput,rev,decided,\d+/)
    expect(text).toMatch(/sla,decided,,\d+/)
    for (const secret of [VALID_ID, OTHER_ID, '13800138000', '13900139000', '张三', '李四']) expect(text).not.toContain(secret)
    const denied = await fetch(`${server.base}/api/v1/review/stats.csv`, { headers: { authorization: `Bearer ${rev}` } })
    expect(denied.status).toBe(403)
  })
})
