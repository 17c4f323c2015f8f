// The citizen's status poll, GET /appeals/:id: a full poll (200 with the body) and a conditional poll
// (If-None-Match with the ETag of a first GET; 304 expected when nothing changed). Both alternated with hello world.
import { alternated, baseline, load, type Load } from '../lib/load'
import { setupReq } from '../lib/http'
import { API, CONN, DUR } from '../lib/options'
import type { Server } from '../lib/procs'
import { addRow, f0, log, pct, results } from '../lib/results'
import { withUsage } from '../lib/usage'

export interface Poller {
  token: string
  appealId: string
}

// One prebuilt request per poller (autocannon renders a static request's bytes once and each connection walks
// the list): the client then costs per request what it costs for the hello world, so the ratio measures the
// server. A setupRequest callback per request made the client the bottleneck once the 304 got cheap.
function pollRequests(pollers: Poller[], etags?: Map<string, string>): Record<string, unknown>[] {
  return pollers.map((p) => {
    const headers: Record<string, string> = { authorization: `Bearer ${p.token}` }
    const tag = etags?.get(p.appealId)
    if (tag) headers['if-none-match'] = tag
    return { method: 'GET', path: `${API}/appeals/${p.appealId}`, headers }
  })
}

/** Each poller's ETag from a first full GET; empty when the server sends none. */
async function firstEtags(base: string, pollers: Poller[]): Promise<Map<string, string>> {
  const tags = new Map<string, string>()
  for (const p of pollers) {
    const r = await setupReq(base, 'GET', `${API}/appeals/${p.appealId}`, { token: p.token })
    const tag = r.headers.etag
    if (r.status === 200 && typeof tag === 'string' && tag) tags.set(p.appealId, tag)
  }
  return tags
}

const clean = (r: Load): boolean => r.errors === 0 && Object.keys(r.statuses).every((s) => s === '200' || s === '304')

export async function measureStatus(servers: Server[], base: string, store: string, tier: string, pollers: Poller[]): Promise<void> {
  // sanity: the poll answers with position and ETA fields
  const probe = await setupReq(base, 'GET', `${API}/appeals/${pollers[0].appealId}`, { token: pollers[0].token })
  if (probe.status !== 200 || !probe.body?.queue || !('etaMinutes' in probe.body.queue)) {
    throw new Error(`status probe: ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}`)
  }
  const opts = { url: base, connections: CONN.status, duration: DUR }

  const full = await withUsage(servers, () =>
    alternated(
      (duration) => load({ ...opts, duration, requests: pollRequests(pollers) }),
      (duration) => baseline(CONN.status, 'GET', undefined, duration)
    )
  )
  const { ours: r, baseline: b } = full.value
  const ratio = r.rps / b.rps
  results[`status:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb: full.peakRssMb, position: probe.body.queue }
  addRow({ section: 'status', measure: `status poll, full (GET /appeals/:id → 200; ${CONN.status} conn)`, store, tier, ours: `${f0(r.rps)} req/s`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `${f0(r.p99)} ms`, peakRssMb: f0(full.peakRssMb), target: '≥ 20% of baseline', met: ratio >= 0.2 && clean(r) && r.non2xx === 0 })
  log(`  status full ${store} ${tier}: ${f0(r.rps)} req/s vs ${f0(b.rps)} baseline (${pct(ratio)}), p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, errors ${r.errors}`)

  const tags = await firstEtags(base, pollers)
  if (tags.size === 0) {
    results[`status304:${store}:${tier}`] = { skipped: 'no ETag on GET /appeals/:id' }
    addRow({ section: 'status304', measure: `status poll, conditional (If-None-Match → 304; ${CONN.status} conn)`, store, tier, ours: 'n/a (no ETag)', target: '≥ 50% of baseline', met: null })
    log(`  status conditional ${store} ${tier}: n/a (the server sends no ETag)`)
    return
  }
  const withTag = pollers.filter((p) => tags.has(p.appealId))
  const cond = await withUsage(servers, () =>
    alternated(
      (duration) => load({ ...opts, duration, requests: pollRequests(withTag, tags) }, 304),
      (duration) => baseline(CONN.status, 'GET', undefined, duration)
    )
  )
  const { ours: c, baseline: b2 } = cond.value
  const ratio2 = c.rps / b2.rps
  const stale = c.statuses['200'] ?? 0 // a full answer to an unchanged appeal: the ETag did not hold
  results[`status304:${store}:${tier}`] = { ours: c, baseline: b2, ratio: ratio2, pollersWithEtag: withTag.length, stale, peakRssMb: cond.peakRssMb }
  addRow({ section: 'status304', measure: `status poll, conditional (If-None-Match → 304; ${CONN.status} conn)`, store, tier, ours: `${f0(c.rps)} 304/s${stale ? ` (+${f0(stale)} full 200s)` : ''}`, baseline: `${f0(b2.rps)} req/s`, ratio: pct(ratio2), p99: `${f0(c.p99)} ms`, peakRssMb: f0(cond.peakRssMb), target: '≥ 50% of baseline', met: ratio2 >= 0.5 && clean(c) && stale === 0 })
  log(`  status conditional ${store} ${tier}: ${f0(c.rps)} 304/s vs ${f0(b2.rps)} baseline (${pct(ratio2)}), p99 ${c.p99} ms, statuses ${JSON.stringify(c.statuses)}, ${withTag.length}/${pollers.length} pollers had an ETag`)
}
