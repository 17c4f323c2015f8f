// GET /api/v1/policy (issue 16): public, cacheable, and the configured values — a changed setting changes
// what the server enforces and what the app states and checks, because both read this one policy.
import type { PolicyResponse } from '../../types/api'
import { DEFAULT_POLICY, recentTestHint } from '../../src/domain/policy'
import { evidenceProblems } from '../../src/domain/evidence'
import { reasonText } from '../../src/domain/reasons'
import { appealBody, client, hoursAgo, reviewerToken, startServer, tinyPng, type TestServer } from './helpers'

describe('the policy with the default settings', () => {
  let server: TestServer
  let api: ReturnType<typeof client>
  beforeAll(async () => {
    server = await startServer()
    api = client(server.base)
  })
  afterAll(() => server.close())

  it('is public: no token, 200, the built-in defaults, cacheable with an ETag', async () => {
    const r = await api.call<PolicyResponse>('GET', '/policy')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ ...DEFAULT_POLICY, urgeStatuses: ['queued', 'in_review'] })
    expect(r.headers.get('cache-control')).toBe('public, max-age=300')
    expect(r.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/)
  })

  it('revalidates: the same ETag → 304 with no body; a stale one → 200', async () => {
    const etag = (await api.call('GET', '/policy')).headers.get('etag')!
    const same = await api.call('GET', '/policy', { headers: { 'if-none-match': etag } })
    expect(same.status).toBe(304)
    expect(same.body).toBe('')
    const weak = await api.call('GET', '/policy', { headers: { 'if-none-match': `"other", W/${etag}` } })
    expect(weak.status).toBe(304)
    const stale = await api.call('GET', '/policy', { headers: { 'if-none-match': '"something-else"' } })
    expect(stale.status).toBe(200)
    expect(stale.body.evidenceMaxAgeHours).toBe(72)
  })

  it('the server accepts a 60-hour-old test under the default 72 hours', async () => {
    const token = await api.device()
    const body = appealBody({ popup: await api.uploadOk(token, await tinyPng(11)), tests: [await api.uploadOk(token, await tinyPng(12))] })
    body.negativeTests[0].sampledAt = hoursAgo(60)
    expect((await api.call('POST', '/appeals', { token, body })).status).toBe(201)
  })
})

describe('EVIDENCE_MAX_AGE_HOURS=48, URGE_INTERVAL_HOURS=6, SLA_HOURS=12 on the server', () => {
  let server: TestServer
  let api: ReturnType<typeof client>
  let policy: PolicyResponse
  beforeAll(async () => {
    server = await startServer({ EVIDENCE_MAX_AGE_HOURS: '48', URGE_INTERVAL_HOURS: '6', SLA_HOURS: '12' })
    api = client(server.base)
    policy = (await api.call<PolicyResponse>('GET', '/policy')).body
  })
  afterAll(() => server.close())

  it('serves the configured values', () => {
    expect(policy).toMatchObject({ evidenceMaxAgeHours: 48, urgeIntervalHours: 6, slaHours: 12, maxNegativeTests: 5, statementMaxChars: 500 })
  })

  it("the app's rule follows: the form's hint and its evidence check say 48 hours, like the server's refusal", async () => {
    expect(recentTestHint(policy)).toBe('上传最近一次核酸阴性结果（48 小时内采样）。')
    const sampledAt = [hoursAgo(60)]
    const inApp = evidenceProblems({ category: 'medicine', sampledAt, now: new Date(), maxAgeHours: policy.evidenceMaxAgeHours })
    expect(inApp.map((p) => p.rule)).toEqual(['recent'])
    expect(inApp[0].message).toContain('48 小时内')

    const token = await api.device()
    const body = appealBody({ popup: await api.uploadOk(token, await tinyPng(21)), tests: [await api.uploadOk(token, await tinyPng(22))] })
    body.negativeTests[0].sampledAt = sampledAt[0]
    const r = await api.call('POST', '/appeals', { token, body })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('EVIDENCE_RULES_FAILED')
    expect(r.body.error.message).toContain('48 小时内')
  })

  it("a rejection for an old test names the server's limit, as the app words the same reason", async () => {
    const token = await api.device()
    const body = appealBody({ popup: await api.uploadOk(token, await tinyPng(31)), tests: [await api.uploadOk(token, await tinyPng(32))] })
    const filed = await api.call('POST', '/appeals', { token, body })
    expect(filed.status).toBe(201)
    const reviewer = await reviewerToken(server, api, 'policy-reviewer')
    const claimed = await api.call('POST', `/review/appeals/${filed.body.id}/claim`, { token: reviewer.token })
    expect(claimed.status).toBe(200)
    const decided = await api.call('POST', `/review/appeals/${filed.body.id}/decision`, { token: reviewer.token, body: { outcome: 'rejected', reasonCode: 'test_too_old' } })
    expect(decided.status).toBe(200)
    const mine = await api.call('GET', `/appeals/${filed.body.id}`, { token })
    const rejected = mine.body.timeline.find((e: { type: string; to: string | null }) => e.type === 'rejected' || e.to === 'rejected')
    expect(rejected.note).toContain('核酸采样时间已超过 48 小时')
    expect(reasonText('test_too_old', policy)?.text).toBe('核酸采样时间已超过 48 小时')
  })

  it('the due time is SLA_HOURS after filing, and an urge waits URGE_INTERVAL_HOURS', async () => {
    const token = await api.device()
    const body = appealBody({ popup: await api.uploadOk(token, await tinyPng(41)), tests: [await api.uploadOk(token, await tinyPng(42))] })
    const filed = await api.call('POST', '/appeals', { token, body })
    expect(filed.status).toBe(201)
    const dueInHours = (Date.parse(filed.body.dueAt) - Date.parse(filed.body.createdAt)) / 3600_000
    expect(dueInHours).toBeCloseTo(policy.slaHours, 5)
    const urged = await api.call('POST', `/appeals/${filed.body.id}/urge`, { token })
    expect(urged.status).toBe(200)
    const waitHours = (Date.parse(urged.body.urgeAvailableAt) - Date.now()) / 3600_000
    expect(waitHours).toBeGreaterThan(policy.urgeIntervalHours - 0.1)
    expect(waitHours).toBeLessThanOrEqual(policy.urgeIntervalHours)
  })
})
