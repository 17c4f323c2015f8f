// Push mode (issue 12): signed webhook deliveries from the outbox to a fake operator receiver on 127.0.0.1,
// over real HTTP. The receiver checks every signature, fails the first attempts, and must see each correction
// exactly once it succeeds; retries follow the backoff; a 2xx hands over, an inline answer acknowledges.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CorrectionItem } from '../../types/correction'
import { deliverPushes, enqueuePushDeliveries, pushBackoffSeconds, startPushDelivery } from '../../server/corrections/push'
import { openSecret, verifySignature } from '../../server/corrections/signing'
import { operatorWebhook } from '../../server/cli/operator-webhook'
import { client, reviewerToken, startServer, TEST_DATA_KEY, VALID_ID, type TestServer } from './helpers'
import { addOperator, approvedAppeal, correctionRow, metricValue, waitFor } from './correction-channels'

interface Received {
  id: string
  attempt: string | undefined
  signatureOk: boolean
  item: CorrectionItem
}

/** A fake operator endpoint: verifies X-Signature with the secret it was given, answers per a script. */
class Receiver {
  server: http.Server
  url = ''
  secret = ''
  /** every request, failed ones included */
  requests: Received[] = []
  /** the ones answered 2xx */
  accepted: Received[] = []
  failNext = 0
  /** per correction id: the body answered with the 2xx */
  inline = new Map<string, unknown>()
  status = 200

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const check = verifySignature(this.secret, req.headers['x-signature'] as string | undefined, body)
        const r: Received = { id: String(req.headers['x-correction-id']), attempt: req.headers['x-delivery-attempt'] as string | undefined, signatureOk: check.ok, item: JSON.parse(body) }
        this.requests.push(r)
        if (!check.ok) {
          res.writeHead(401).end()
          return
        }
        if (this.failNext > 0) {
          this.failNext--
          res.writeHead(503).end('down for maintenance')
          return
        }
        if (this.status !== 200) {
          res.writeHead(this.status, { location: 'https://elsewhere.example/' }).end()
          return
        }
        this.accepted.push(r)
        const answer = this.inline.get(r.id)
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer === undefined ? '{"received":true}' : JSON.stringify(answer))
      })
    })
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/corrections`
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

let server: TestServer
let api: ReturnType<typeof client>
let reviewer: string
const receiver = new Receiver()

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  reviewer = (await reviewerToken(server, api, 'push-reviewer', { districts: ['朝阳区'] })).token
  await receiver.start()
})

afterAll(async () => {
  await server.close()
  await receiver.close()
})

function deliveries(s: TestServer) {
  return s.app.db.kysely.selectFrom('correction_deliveries').selectAll()
}

async function scrape(s: TestServer): Promise<string> {
  const r = await fetch(`${s.base}/metrics`)
  expect(r.status).toBe(200)
  return r.text()
}

describe('push delivery', () => {
  let t0: number
  let a: Awaited<ReturnType<typeof approvedAppeal>>
  let b: Awaited<ReturnType<typeof approvedAppeal>>

  it('retries a failing receiver with exponential backoff, every attempt signed', async () => {
    const op = await addOperator(server, 'bjhc-push', { webhookUrl: receiver.url })
    expect(op.secret).toMatch(/^whsec_/)
    receiver.secret = op.secret!
    a = await approvedAppeal(server, api, reviewer, 1)
    b = await approvedAppeal(server, api, reviewer, 2)
    receiver.failNext = 2
    t0 = Date.now()

    // pass 1: the first delivery fails; the receiver is down, so the second waits for the next pass
    const p1 = await deliverPushes(server.app.db, { now: new Date(t0) })
    expect(p1).toEqual({ delivered: 0, retried: 1, dropped: 0, inlineAcks: 0 })
    const rows1 = await deliveries(server).orderBy('id').execute()
    expect(rows1).toHaveLength(2)
    expect(rows1[0]).toMatchObject({ correction_id: a.correctionId, state: 'pending', attempts: 1, failures: 1, last_error: 'HTTP 503' })
    expect(Date.parse(rows1[0].next_attempt_at)).toBe(t0 + pushBackoffSeconds(1) * 1000)
    expect(rows1[1]).toMatchObject({ correction_id: b.correctionId, attempts: 0 })

    // not due yet: nothing is sent before the backoff has passed
    const early = await deliverPushes(server.app.db, { now: new Date(t0 + 5_000) })
    expect(early.retried + early.delivered).toBe(1) // only b, whose first try is due; it fails (second scripted failure)
    expect(receiver.requests.map((r) => r.id)).toEqual([a.correctionId, b.correctionId])

    const metrics = await scrape(server)
    expect(metricValue(metrics, 'correction_push_backlog')).toBe(2)
    expect(metricValue(metrics, 'correction_push_failures_total')).toBe(2)

    // the backoff doubles: a's second try is due 10 s after the first, b's 10 s after its own first
    expect(pushBackoffSeconds(2)).toBe(2 * pushBackoffSeconds(1))
    expect(pushBackoffSeconds(100)).toBe(900)
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true)
    expect((await correctionRow(server, a.correctionId)).status).toBe('waiting')
  })

  it('once the receiver succeeds, each correction is delivered once and handed over', async () => {
    const p = await deliverPushes(server.app.db, { now: new Date(t0 + 20_000) })
    expect(p).toMatchObject({ delivered: 2, retried: 0 })
    // nothing more to send, however often the loop runs
    expect(await deliverPushes(server.app.db, { now: new Date(t0 + 3600_000) })).toEqual({ delivered: 0, retried: 0, dropped: 0, inlineAcks: 0 })
    expect(receiver.accepted.map((r) => r.id).sort()).toEqual([a.correctionId, b.correctionId].sort())
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true)

    // the same item shape as the feed, with the full identity
    const got = receiver.accepted.find((r) => r.id === a.correctionId)!
    expect(got.item).toMatchObject({ id: a.correctionId, appealId: a.appealId, attempt: 1, person: { name: '张三', idNumber: VALID_ID, phone: '13800138000' } })
    expect(got.item.negativeTests).toHaveLength(1)
    expect(Object.keys(got.item).sort()).toEqual(['appealId', 'attempt', 'category', 'decidedAt', 'id', 'negativeTests', 'person', 'trackingNo', 'triggerDate'].sort())

    const row = await correctionRow(server, a.correctionId)
    expect(row.status).toBe('handed_over')
    const mine = await api.call('GET', `/appeals/${a.appealId}`, { token: a.citizen })
    expect(mine.body.correction).toMatchObject({ status: 'handed_over', handedOverAt: row.handed_over_at })
    const events = await server.app.db.kysely.selectFrom('appeal_events').select(['type', 'actor_type']).where('appeal_id', '=', a.appealId).where('type', '=', 'handed_over').execute()
    expect(events).toEqual([{ type: 'handed_over', actor_type: 'operator' }])

    // audited without personal data
    const audit = await server.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'operator_push').execute()
    expect(audit).toHaveLength(2)
    for (const r of audit) expect(r.detail).not.toContain(VALID_ID)

    const metrics = await waitFor(async () => {
      const m = await scrape(server)
      return metricValue(m, 'correction_push_backlog') === 0 ? m : undefined
    }, 10_000, 'the backlog gauge to drop (metrics cache)')
    expect(metricValue(metrics, 'correction_push_failures_total')).toBe(2)
  })

  it('applies an answer the receiver gives inline, and drops a delivery answered some other way first', async () => {
    const c = await approvedAppeal(server, api, reviewer, 3)
    const d = await approvedAppeal(server, api, reviewer, 4)
    receiver.inline.set(c.correctionId, { result: 'cleared' })
    // d is in the outbox, then reopened by the citizen (superseded) before its delivery goes out
    expect(await enqueuePushDeliveries(server.app.db.kysely, new Date(t0 + 7200_000))).toBe(2)
    await server.app.db.kysely.updateTable('corrections').set({ status: 'superseded' }).where('id', '=', d.correctionId).execute()
    const before = receiver.requests.length
    const p = await deliverPushes(server.app.db, { now: new Date(t0 + 7200_000) })
    expect(p).toEqual({ delivered: 1, retried: 0, dropped: 1, inlineAcks: 1 })
    expect(receiver.requests.slice(before).map((r) => r.id)).toEqual([c.correctionId])
    const row = await correctionRow(server, c.correctionId)
    expect(row).toMatchObject({ status: 'cleared', result: 'cleared' })
    const mine = await api.call('GET', `/appeals/${c.appealId}`, { token: c.citizen })
    expect(mine.body.correction).toMatchObject({ status: 'cleared', clearedAt: row.acked_at })
  })

  it('treats a redirect as a failure (the identities go only to the registered URL)', async () => {
    const e = await approvedAppeal(server, api, reviewer, 5)
    receiver.status = 302
    const p = await deliverPushes(server.app.db, { now: new Date(t0 + 3 * 3600_000) })
    receiver.status = 200
    expect(p).toMatchObject({ delivered: 0, retried: 1 })
    const row = await deliveries(server).where('correction_id', '=', e.correctionId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ state: 'pending', last_error: 'HTTP 302' })
    expect((await correctionRow(server, e.correctionId)).status).toBe('waiting')
  })
})

describe('push loop in the background', () => {
  it('delivers a fresh approval within a few seconds (measured), and refuses non-https webhooks', async () => {
    const s = await startServer({ CORRECTION_PUSH_INTERVAL_SECONDS: '1' })
    const r2 = new Receiver()
    await r2.start()
    try {
      const api2 = client(s.base)
      const rev = (await reviewerToken(s, api2, 'push-loop-reviewer', { districts: ['朝阳区'] })).token
      await expect(addOperator(s, 'plain-http', { webhookUrl: 'http://operator.example/hook' })).rejects.toThrow(/https/)
      const op = await addOperator(s, 'bjhc-loop', { webhookUrl: r2.url })
      r2.secret = op.secret!
      startPushDelivery(s.app)
      const latencies: number[] = []
      for (let i = 0; i < 3; i++) {
        const approvedAt = Date.now()
        const x = await approvedAppeal(s, api2, rev, 20 + i)
        await waitFor(() => (r2.accepted.some((r) => r.id === x.correctionId) ? true : undefined), 10_000, 'the webhook delivery')
        latencies.push(Date.now() - approvedAt)
        await waitFor(async () => ((await correctionRow(s, x.correctionId)).status === 'handed_over' ? true : undefined), 5_000, 'the hand-over')
      }
      // one loop interval (1 s) plus the request; generous for a loaded CI machine
      for (const ms of latencies) expect(ms).toBeLessThan(8_000)
      process.stdout.write(`push latency (approval → receiver, 1 s loop): ${latencies.join(', ')} ms\n`)
    } finally {
      await s.close()
      await r2.close()
    }
  })
})

describe('operator:webhook', () => {
  it('sets and removes the webhook, rotates the secret (printed once), and refuses plain http to other hosts', async () => {
    const env: Record<string, string> = { DATA_DIR: server.dir, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' }
    if (server.config.databaseUrl) env.DATABASE_URL = server.config.databaseUrl
    const op = await addOperator(server, 'cli-op')
    const row = () => server.app.db.kysely.selectFrom('operators').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow()

    const set = await operatorWebhook(['--name', 'cli-op', '--url', 'https://hc.example.gov.cn/hooks/corrections'], env)
    expect(set).toContain('https://hc.example.gov.cn/hooks/corrections')
    expect(set).not.toContain('secret:') // it already had one: unchanged, not shown again
    expect((await row()).webhook_url).toBe('https://hc.example.gov.cn/hooks/corrections')

    const rotated = await operatorWebhook(['--name', 'cli-op', '--rotate-secret'], env)
    const printed = /^secret: (whsec_[A-Za-z0-9_-]{43})$/m.exec(rotated)?.[1]
    expect(printed).toBeDefined()
    expect(printed).not.toBe(op.secret)
    const stored = (await row()).signing_secret!
    expect(stored).not.toContain(printed!) // sealed, not in clear
    expect(openSecret(stored)).toBe(printed)

    const off = await operatorWebhook(['--name', 'cli-op', '--off'], env)
    expect(off).toMatch(/推送已关闭/)
    expect(await row()).toMatchObject({ webhook_url: null })
    expect(openSecret((await row()).signing_secret!)).toBe(printed) // batch files still need it

    await expect(operatorWebhook(['--name', 'cli-op', '--url', 'http://hc.example.gov.cn/hook'], env)).rejects.toThrow(/https/)
    await expect(operatorWebhook(['--name', 'cli-op', '--url', 'https://user:pw@hc.example.gov.cn/hook'], env)).rejects.toThrow(/用户名或密码/)
    await expect(operatorWebhook(['--name', 'nobody', '--off'], env)).rejects.toThrow(/nobody/)
    await expect(operatorWebhook(['--name', 'cli-op'], env)).rejects.toThrow(/usage/)
    await expect(operatorWebhook(['--name', 'cli-op', '--url', 'https://a.example/', '--off'], env)).rejects.toThrow(/usage/)
    expect(await row()).toMatchObject({ webhook_url: null })
  })
})
