// Prometheus metrics at GET /metrics (prom-client), one registry per app instance.
// Access: `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set; otherwise loopback clients only,
// and a request that came through a proxy is never loopback (isLocalScrape).
// Request metrics are counted in hooks; queue gauges come from a few grouped queries at scrape time,
// cached for a few seconds so a busy scraper cannot load the database.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Db } from '../db/dialect'
import { errorBody } from '../errors'
import { isLocalScrape, tokenMatches } from './metrics-access'
import { queueSnapshot, type QueueSnapshot } from './queue-snapshot'
import { correctionFigures, type CorrectionFigures } from '../corrections/stats'
import { pushFigures, type PushFigures } from '../corrections/push'

const UPLOAD_ROUTE = '/api/v1/uploads'

export interface Metrics {
  registry: Registry
}

export function registerMetrics(app: FastifyInstance, opts: { cacheMs?: number } = {}): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const cacheMs = opts.cacheMs ?? 5000

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route (the route pattern, not the raw URL) and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry]
  })
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry]
  })
  const uploadBytes = new Counter({ name: 'appeal_upload_bytes_total', help: 'Bytes of accepted screenshots (as stored)', registers: [registry] })
  const uploads = new Counter({ name: 'appeal_uploads_total', help: 'Accepted screenshot uploads', registers: [registry] })
  const uploadRejections = new Counter({
    name: 'appeal_upload_rejections_total',
    help: 'Rejected screenshot uploads by error code',
    labelNames: ['code'],
    registers: [registry]
  })

  let cached: { at: number; value: Promise<QueueSnapshot> } | null = null
  const slaHours = app.config.slaHours
  const snapshot = (): Promise<QueueSnapshot> => {
    const now = Date.now()
    if (!cached || now - cached.at > cacheMs) {
      const value = queueSnapshot(app.db, { slaHours })
      value.catch(() => {
        cached = null
      })
      cached = { at: now, value }
    }
    return cached.value
  }

  new Gauge({
    name: 'appeal_queue_depth',
    help: 'Open appeals by district and status (queued, in_review, needs_info)',
    labelNames: ['district', 'status'],
    registers: [registry],
    async collect() {
      const s = await snapshot()
      this.reset()
      for (const d of s.depth) this.set({ district: d.district, status: d.status }, d.n)
    }
  })
  new Gauge({
    name: 'appeal_oldest_queued_age_seconds',
    help: 'Age of the oldest appeal waiting in the queue (0 when the queue is empty)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).oldestQueuedAgeSeconds)
    }
  })
  new Gauge({
    name: 'appeal_overdue',
    help: 'Appeals waiting on the city (queued, in review) past their due time (SLA); needs_info waits on the citizen',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).overdue)
    }
  })
  new Gauge({
    name: 'appeal_decisions_last_hour',
    help: 'Reviewer decisions in the last hour by outcome',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const s = await snapshot()
      for (const [outcome, n] of Object.entries(s.decisionsLastHour)) this.set({ outcome }, n)
    }
  })
  new Counter({
    name: 'appeal_lease_expiries_total',
    help: 'Review leases that expired and returned an appeal to the queue (from the appeal timeline, all processes)',
    registers: [registry],
    async collect() {
      const s = await snapshot()
      this.reset()
      this.inc(s.leaseExpiries)
    }
  })
  new Gauge({
    name: 'appeal_outbox_backlog',
    help: 'Notifications waiting to be sent (0 before the outbox exists)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).outbox?.pending ?? 0)
    }
  })
  new Gauge({
    name: 'appeal_outbox_failed',
    help: 'Notifications that failed for good',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).outbox?.failed ?? 0)
    }
  })

  // the correction loop (issue 12): one cached snapshot for its gauges, like the queue's. The time to cleared
  // covers the corrections confirmed within the last 24 h; the open counts are as of the scrape.
  const correctionSlaHours = app.config.correctionSlaHours
  let correctionCache: { at: number; value: Promise<{ figures: CorrectionFigures; push: PushFigures }> } | null = null
  const corrections = () => {
    const nowMs = Date.now()
    if (!correctionCache || nowMs - correctionCache.at > cacheMs) {
      const now = new Date(nowMs)
      const value = Promise.all([
        correctionFigures(app.db.kysely, {
          fromIso: new Date(nowMs - 24 * 3600_000).toISOString(),
          toIso: new Date(nowMs + 1).toISOString(),
          now,
          slaHours: correctionSlaHours,
          districts: null
        }),
        pushFigures(app.db.kysely)
      ]).then(([figures, push]) => ({ figures, push }))
      value.catch(() => {
        correctionCache = null
      })
      correctionCache = { at: nowMs, value }
    }
    return correctionCache.value
  }
  new Gauge({
    name: 'correction_waiting',
    help: 'Approved appeals whose correction no operator has taken yet (pull, push or batch)',
    registers: [registry],
    async collect() {
      this.set((await corrections()).figures.waiting)
    }
  })
  new Gauge({
    name: 'correction_handed_over',
    help: 'Corrections handed to the operator and not answered yet',
    registers: [registry],
    async collect() {
      this.set((await corrections()).figures.handedOver)
    }
  })
  new Gauge({
    name: 'correction_overdue',
    help: 'Corrections unanswered more than CORRECTION_SLA_HOURS after their approval',
    registers: [registry],
    async collect() {
      this.set((await corrections()).figures.overdue)
    }
  })
  new Gauge({
    name: 'correction_approval_to_cleared_seconds',
    help: 'Time from approval to the operator confirming the popup cleared, over corrections cleared in the last 24 h (quantile 0.5 and 0.9; absent when none)',
    labelNames: ['quantile'],
    registers: [registry],
    async collect() {
      const f = (await corrections()).figures
      this.reset()
      if (f.medianHoursToCleared !== null) this.set({ quantile: '0.5' }, f.medianHoursToCleared * 3600)
      if (f.p90HoursToCleared !== null) this.set({ quantile: '0.9' }, f.p90HoursToCleared * 3600)
    }
  })
  new Gauge({
    name: 'correction_push_backlog',
    help: 'Open corrections not yet delivered to a webhook (push) operator, summed over push operators',
    registers: [registry],
    async collect() {
      this.set((await corrections()).push.backlog)
    }
  })
  new Counter({
    name: 'correction_push_failures_total',
    help: 'Failed webhook delivery attempts (from the delivery outbox, all processes)',
    registers: [registry],
    async collect() {
      const n = (await corrections()).push.failures
      this.reset()
      this.inc(n)
    }
  })

  // callback-style hooks: a promise per request per hook showed in the 304 poll's profile
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method === 'POST' && req.routeOptions.url === UPLOAD_ROUTE && typeof payload === 'string') {
      try {
        const body = JSON.parse(payload)
        if (reply.statusCode === 201 && typeof body.bytes === 'number') {
          uploads.inc()
          uploadBytes.inc(body.bytes)
        } else if (body?.error?.code) {
          uploadRejections.inc({ code: String(body.error.code) })
        }
      } catch {
        // not JSON: nothing to count
      }
    }
    done(null, payload)
  })

  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }
    requests.inc(labels)
    latency.observe(labels, reply.elapsedTime / 1000)
    done()
  })

  app.get('/metrics', { logLevel: 'warn' }, async (req, reply) => {
    const token = app.config.metricsToken
    if (token) {
      if (!tokenMatches(req.headers.authorization, token)) return reply.status(401).send(errorBody('UNAUTHENTICATED'))
    } else if (!isLocalScrape(req)) {
      return reply.status(403).send(errorBody('FORBIDDEN'))
    }
    try {
      const text = await registry.metrics()
      return reply.type(registry.contentType).send(text)
    } catch (err) {
      req.log.error({ err }, 'metrics collection failed')
      return reply.status(503).send(errorBody('INTERNAL'))
    }
  })

  app.addHook('onClose', async () => {
    registry.clear()
  })
  return { registry }
}
