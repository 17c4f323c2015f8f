// /metrics: Prometheus text from prom-client, guarded by METRICS_TOKEN or loopback-only.
import { startInProcess } from './support'
import { client, fileQuickAppeal } from '../api/helpers'

function value(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(name + (labels ? `{${labels}}` : ' ')) || (!labels && l.startsWith(name + ' ')))
  return line ? Number(line.split(' ').pop()) : undefined
}

describe('metrics', () => {
  it('needs the token when METRICS_TOKEN is set, and exports request, queue, upload and process metrics', async () => {
    const s = await startInProcess({ METRICS_TOKEN: 'scrape-secret-123' })
    try {
      expect((await fetch(`${s.base}/metrics`)).status).toBe(401)
      expect((await fetch(`${s.base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)

      const api = client(s.base)
      await fileQuickAppeal(api, 1)
      await fileQuickAppeal(api, 5, { district: '海淀区' })
      const token = await api.device()
      const bad = await api.upload(token, Buffer.from('not an image at all'), 'x.png')
      expect(bad.status).toBe(415)
      await fetch(`${s.base}/api/v1/appeals/some-id-that-does-not-exist`, { headers: { authorization: `Bearer ${token}` } })

      const r = await fetch(`${s.base}/metrics`, { headers: { authorization: 'Bearer scrape-secret-123' } })
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toContain('text/plain')
      const text = await r.text()
      // by route pattern, never the raw URL
      expect(value(text, 'http_requests_total', 'method="POST",route="/api/v1/appeals",status="201"')).toBe(2)
      expect(text).toContain('route="/api/v1/appeals/:id"')
      expect(text).not.toContain('some-id-that-does-not-exist')
      expect(text).toContain('http_request_duration_seconds_bucket{')
      expect(value(text, 'appeal_queue_depth', 'district="朝阳区",status="queued"')).toBe(1)
      expect(value(text, 'appeal_queue_depth', 'district="海淀区",status="queued"')).toBe(1)
      expect(value(text, 'appeal_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(0)
      expect(value(text, 'appeal_overdue')).toBe(0)
      expect(value(text, 'appeal_uploads_total')).toBe(4)
      expect(value(text, 'appeal_upload_bytes_total')).toBeGreaterThan(0)
      expect(value(text, 'appeal_upload_rejections_total', 'code="UPLOAD_NOT_AN_IMAGE"')).toBe(1)
      for (const name of [
        'appeal_decisions_last_hour',
        'appeal_lease_expiries_total',
        'appeal_outbox_backlog',
        'appeal_outbox_failed',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes'
      ]) {
        expect(text).toContain(`# TYPE ${name} `)
      }
    } finally {
      await s.close()
    }
  })

  it('counts overdue appeals and lease expiries from the database', async () => {
    const s = await startInProcess()
    try {
      const api = client(s.base)
      const { id } = await fileQuickAppeal(api, 9)
      const k = s.app.db.kysely as any
      await k.updateTable('appeals').set({ due_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', id).execute()
      await k
        .insertInto('appeal_events')
        .values({ appeal_id: id, at: new Date().toISOString(), type: 'lease_expired', from_status: 'in_review', to_status: 'queued', actor_type: 'system', actor_id: null, note: null })
        .execute()
      // no METRICS_TOKEN: loopback may scrape
      const text = await (await fetch(`${s.base}/metrics`)).text()
      expect(value(text, 'appeal_overdue')).toBe(1)
      expect(value(text, 'appeal_lease_expiries_total')).toBe(1)
    } finally {
      await s.close()
    }
  })

  it('keeps one registry per app: two apps do not share counters', async () => {
    const a = await startInProcess()
    const b = await startInProcess()
    try {
      await fetch(`${a.base}/healthz`)
      await fetch(`${a.base}/healthz`)
      const tb = await (await fetch(`${b.base}/metrics`)).text()
      expect(value(tb, 'http_requests_total', 'method="GET",route="/healthz",status="200"')).toBeUndefined()
      const ta = await (await fetch(`${a.base}/metrics`)).text()
      expect(value(ta, 'http_requests_total', 'method="GET",route="/healthz",status="200"')).toBe(2)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
