// The correction loop on the dashboard (issue 12): approvals waiting for the operator, hand-overs awaiting an
// answer, overdue ones past CORRECTION_SLA_HOURS, median and p90 time from approval to cleared — in
// GET /review/stats (the reviewer dashboard's endpoint, scoped to the reviewer's districts) and as /metrics gauges.
import type { StatsResponse } from '../../types/api'
import type { OperatorPrincipal } from '../../server/context'
import { applyAck, markHandedOver } from '../../server/corrections/service'
import { client, reviewerToken, startServer, type TestServer } from './helpers'
import { addOperator, approvedAppeal, metricValue } from './correction-channels'

let server: TestServer
let api: ReturnType<typeof client>
let supervisor: string
let chaoyang: string
let haidian: string
let operator: OperatorPrincipal

const HOUR = 3600_000

beforeAll(async () => {
  // a 12-hour SLA: a correction approved 13 h ago and unanswered is overdue (it would not be under the default 24)
  server = await startServer({ CORRECTION_SLA_HOURS: '12' })
  api = client(server.base)
  supervisor = (await reviewerToken(server, api, 'dash-supervisor', { supervisor: true })).token
  chaoyang = (await reviewerToken(server, api, 'dash-chaoyang', { districts: ['朝阳区'] })).token
  haidian = (await reviewerToken(server, api, 'dash-haidian', { districts: ['海淀区'] })).token
  const op = await addOperator(server, 'bjhc-dash')
  operator = { kind: 'operator', id: op.id, name: op.name }
  // a push operator whose receiver is never reached here: every open correction is in its backlog
  await addOperator(server, 'bjhc-dash-push', { webhookUrl: 'http://127.0.0.1:9/unreachable' })

  const k = server.app.db.kysely
  /** approval → cleared after `hours`; the ack is real, then both instants are moved back by `ago` hours */
  const cleared = async (seed: number, hours: number, ago = 1) => {
    const a = await approvedAppeal(server, api, chaoyang, seed)
    const ack = await applyAck(server.app.db, a.correctionId, 'cleared', null, operator)
    const ackedAt = Date.parse(ack.acknowledgedAt) - ago * HOUR
    await k
      .updateTable('corrections')
      .set({ acked_at: new Date(ackedAt).toISOString(), decided_at: new Date(ackedAt - hours * HOUR).toISOString() })
      .where('id', '=', a.correctionId)
      .execute()
  }
  await cleared(1, 1)
  await cleared(2, 2)
  await cleared(3, 3)
  await cleared(4, 10)
  await cleared(5, 0.5, 30) // answered 30 h ago: outside the default 24-hour window
  const notFound = await approvedAppeal(server, api, chaoyang, 6)
  await applyAck(server.app.db, notFound.correctionId, 'not_found', '查无此人', operator)
  const late = await approvedAppeal(server, api, chaoyang, 7)
  await k.updateTable('corrections').set({ decided_at: new Date(Date.now() - 13 * HOUR).toISOString() }).where('id', '=', late.correctionId).execute()
  const handed = await approvedAppeal(server, api, chaoyang, 8)
  await k.transaction().execute((trx) => markHandedOver(trx, [handed.correctionId], operator))
  await approvedAppeal(server, api, chaoyang, 9) // waiting, fresh
  await approvedAppeal(server, api, haidian, 10, '海淀区') // waiting, another district
})

afterAll(async () => {
  await server.close()
})

async function statsAs(token: string): Promise<StatsResponse> {
  const r = await api.call<StatsResponse>('GET', '/review/stats', { token })
  expect(r.status).toBe(200)
  return r.body
}

describe('correction figures on the dashboard', () => {
  it('a supervisor sees every district: waiting, handed over, overdue past the SLA, time to cleared (median, p90)', async () => {
    const s = await statsAs(supervisor)
    expect(s.corrections).toEqual({
      waiting: 3,
      handedOver: 1,
      overdue: 1,
      slaHours: 12,
      cleared: 4,
      notCleared: 1,
      // 1, 2, 3, 10 h: the median is the mean of the middle two; p90 lies 70 % of the way from 3 to 10
      medianHoursToCleared: 2.5,
      p90HoursToCleared: 7.9,
      pushBacklog: 4
    })
    // the old figures are all still there
    expect(s).toMatchObject({ from: expect.any(String), to: expect.any(String), backlog: expect.any(Array), decisionsPerHour: expect.any(Array) })
    expect(s.sla).toMatchObject({ decided: 10, overdueOpen: 0 })
  })

  it('a reviewer sees the corrections of their own districts', async () => {
    const cy = await statsAs(chaoyang)
    expect(cy.corrections).toMatchObject({ waiting: 2, handedOver: 1, overdue: 1, cleared: 4, notCleared: 1, medianHoursToCleared: 2.5 })
    const hd = await statsAs(haidian)
    expect(hd.corrections).toMatchObject({ waiting: 1, handedOver: 0, overdue: 0, cleared: 0, notCleared: 0, medianHoursToCleared: null, p90HoursToCleared: null })
  })

  it('the window selects the answers: a wider one takes in the older clearance', async () => {
    const from = new Date(Date.now() - 48 * HOUR).toISOString()
    const r = await api.call<StatsResponse>('GET', `/review/stats?from=${encodeURIComponent(from)}`, { token: supervisor })
    expect(r.status).toBe(200)
    expect(r.body.corrections).toMatchObject({ cleared: 5, medianHoursToCleared: 2, waiting: 3 })
  })

  it('the same figures are gauges on /metrics', async () => {
    const res = await fetch(`${server.base}/metrics`)
    expect(res.status).toBe(200)
    const m = await res.text()
    expect(metricValue(m, 'correction_waiting')).toBe(3)
    expect(metricValue(m, 'correction_handed_over')).toBe(1)
    expect(metricValue(m, 'correction_overdue')).toBe(1)
    expect(metricValue(m, 'correction_approval_to_cleared_seconds', 'quantile="0.5"')).toBeCloseTo(2.5 * 3600, 3)
    expect(metricValue(m, 'correction_approval_to_cleared_seconds', 'quantile="0.9"')).toBeCloseTo(7.9 * 3600, 3)
    expect(metricValue(m, 'correction_push_backlog')).toBe(4)
    expect(metricValue(m, 'correction_push_failures_total')).toBe(0)
  })
})
