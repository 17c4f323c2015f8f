// Overload: far more connections on the status poll than the server can serve, then a light load. The server
// should shed with 503 + Retry-After while overloaded and serve normally again once the burst is over.
import http from 'node:http'
import { load, type Load } from '../lib/load'
import { API, CONN, QUICK } from '../lib/options'
import { sleep, type Server } from '../lib/procs'
import { addRow, f0, log, pct, results } from '../lib/results'
import { withUsage } from '../lib/usage'
import type { Poller } from './status'

interface Probe {
  phase: string
  status: number
  ms: number
  retryAfter?: string
}

/** One poll on a fresh connection (a new citizen arriving), recorded with its phase. */
function probeOnce(base: string, p: Poller, phase: string, probeAgent: http.Agent, probes: Probe[]): Promise<void> {
  const t0 = performance.now()
  return new Promise<void>((resolve) => {
    const r = http.get({ agent: probeAgent, host: '127.0.0.1', port: new URL(base).port, path: `${API}/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` }, timeout: 15_000 }, (res) => {
      res.resume()
      res.on('end', () => {
        probes.push({ phase, status: res.statusCode ?? 0, ms: performance.now() - t0, retryAfter: res.headers['retry-after'] as string | undefined })
        resolve()
      })
    })
    r.on('timeout', () => r.destroy(new Error('timeout')))
    r.on('error', () => {
      probes.push({ phase, status: 0, ms: performance.now() - t0 })
      resolve()
    })
  })
}

function summary(probes: Probe[], ph: string) {
  const ps = probes.filter((p) => p.phase === ph)
  const s = ps.map((p) => p.ms).sort((a, b) => a - b)
  return {
    probes: ps.length,
    ok: ps.filter((p) => p.status === 200).length,
    shed503: ps.filter((p) => p.status === 503).length,
    retryAfter: [...new Set(ps.filter((p) => p.retryAfter).map((p) => p.retryAfter))],
    failed: ps.filter((p) => p.status === 0).length,
    p50: s[Math.floor(s.length / 2)] ?? NaN,
    max: s[s.length - 1] ?? NaN
  }
}

export async function measureOverload(servers: Server[], base: string, pollers: Poller[]): Promise<void> {
  // a probe polls every 250 ms through the burst and after it: status, Retry-After, latency
  const probes: Probe[] = []
  let phase = 'during'
  let probing = true
  const probeLoop = (async () => {
    const probeAgent = new http.Agent({ keepAlive: false })
    while (probing) {
      await probeOnce(base, pollers[probes.length % pollers.length], phase, probeAgent, probes)
      await sleep(250)
    }
  })()
  let i = 0
  const statusReq = [
    {
      method: 'GET',
      setupRequest: (rq: Record<string, unknown>) => {
        const p = pollers[i++ % pollers.length]
        return { ...rq, path: `${API}/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` } }
      }
    }
  ]
  const { value: during, peakRssMb } = await withUsage(servers, () => load({ url: base, connections: CONN.overload, duration: QUICK ? 4 : 12, requests: statusReq }))
  phase = 'after'
  await sleep(1500) // load dropped; shedding should stop within the sample interval
  const after = await load({ url: base, connections: 10, duration: QUICK ? 3 : 8, requests: statusReq })
  probing = false
  await probeLoop
  const errRate = (l: Load): number => (l.total + l.errors === 0 ? 0 : (l.non2xx + l.errors) / (l.total + l.errors))
  const res = { connections: CONN.overload, during, after, errorRateDuring: errRate(during), errorRateAfter: errRate(after), probeDuring: summary(probes, 'during'), probeAfter: summary(probes, 'after'), peakRssMb }
  results['overload:sqlite'] = res
  // recovered: answers served again after the burst, few errors, fast (no answers at all is not recovery)
  const recovered = after.ok > 0 && res.errorRateAfter < 0.01 && after.p99 < 1000
  const shed = during.non2xx > 0
  addRow({
    section: 'overload',
    measure: `overload: ${CONN.overload} conn on status poll, then 10 conn`,
    store: 'sqlite',
    ours: `during: ${f0(during.rps)} ok/s, ${pct(res.errorRateDuring)} shed/failed (${f0(during.non2xx)} 503, ${during.errors} conn errors); after: ${f0(after.rps)} ok/s, ${pct(res.errorRateAfter)} errors`,
    p99: `during ${f0(during.p99)} ms / after ${f0(after.p99)} ms`,
    peakRssMb: f0(peakRssMb),
    target: '503 + Retry-After while overloaded; recovers',
    met: shed && recovered
  })
  log(`  overload: during ${JSON.stringify({ ok: during.ok, non2xx: during.non2xx, errors: during.errors, p50: during.p50, p99: during.p99 })}; after ${JSON.stringify({ ok: after.ok, non2xx: after.non2xx, errors: after.errors, p99: after.p99 })}; probes ${JSON.stringify(res.probeDuring)} / ${JSON.stringify(res.probeAfter)}`)
}
