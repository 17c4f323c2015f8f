// Reviewers claiming and deciding at once: saturation throughput (closed loop, every reviewer claims again as
// soon as its decision is in) and latency at fixed offered rates (open loop, see lib/openloop.ts). Each figure
// beside the hello world under the same load shape.
import { req } from '../lib/http'
import { baseline, baselineUrl, quantile } from '../lib/load'
import { openLoop, type OpenLoopResult, type Outcome } from '../lib/openloop'
import { API, CLAIM_RATES, CLOSED_LOOP_MAX_CLAIMS, DUR, OPEN_LOOP_DRAIN_MS, OPEN_LOOP_MAX_ARRIVALS, OPEN_LOOP_SECONDS, REVIEWERS } from '../lib/options'
import { sleep, type Server } from '../lib/procs'
import { addRow, f0, f1, log, pct, results } from '../lib/results'
import { withUsage } from '../lib/usage'
import type { Principal } from '../seed'

/** Who holds which appeal: two reviewers holding one appeal is a double claim. */
class Holders {
  private seen = new Map<string, string>()
  doubles = 0
  note(appealId: string, reviewerId: string): void {
    const prev = this.seen.get(appealId)
    // the same reviewer getting back the appeal it already holds (its decide was shed and it claimed again)
    // is the claim contract, not a double
    if (prev !== undefined && prev !== reviewerId) this.doubles++
    this.seen.set(appealId, reviewerId)
  }
}

const brief = (what: string, r: { status: number; body: unknown }): string => `${what} ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`

/** One claim, decided at once. */
async function claimAndDecide(base: string, rv: Principal, holders: Holders): Promise<Outcome> {
  const c = await req(base, 'POST', `${API}/review/claim`, { token: rv.token })
  const claimed = performance.now()
  if (c.status === 204) return { ok: false, error: 'claim 204: the queue ran dry', marks: {} }
  if (c.status !== 200) return { ok: false, error: brief('claim', c), marks: {} }
  holders.note(c.body.id as string, rv.id)
  const d = await req(base, 'POST', `${API}/review/appeals/${c.body.id}/decision`, { token: rv.token, body: { outcome: 'approved' } })
  if (d.status !== 200) return { ok: false, error: brief('decide', d), marks: { claim: claimed } }
  return { ok: true, marks: { claim: claimed, decide: performance.now() } }
}

/** The same two-request shape against the hello world. */
async function helloTwice(): Promise<Outcome> {
  const base = baselineUrl()
  const a = await req(base, 'POST', '/', { body: {} })
  const first = performance.now()
  const b = await req(base, 'POST', '/', { body: {} })
  return { ok: a.status === 200 && b.status === 200, error: a.status !== 200 ? `hello ${a.status}` : undefined, marks: { claim: first, decide: performance.now() } }
}

async function closedLoop(servers: Server[], base: string, store: string, tier: string, reviewers: Principal[]): Promise<void> {
  const crew = reviewers.slice(0, REVIEWERS.closed)
  const b = await baseline(crew.length, 'POST', '{}')
  const claimMs: number[] = []
  const holders = new Holders()
  let decisions = 0
  let empty = 0
  let errors = 0
  let firstError: string | undefined
  const end = Date.now() + DUR * 1000
  // bounded by count too, so each tier leaves backlog for the open-loop phases
  const { peakRssMb, wallSeconds: secs } = await withUsage(servers, () =>
    Promise.all(
      crew.map(async (rv) => {
        while (Date.now() < end && claimMs.length < CLOSED_LOOP_MAX_CLAIMS) {
          const t0 = performance.now()
          const o = await claimAndDecide(base, rv, holders)
          if (o.marks.claim) claimMs.push(o.marks.claim - t0)
          if (o.ok) decisions++
          else if (o.error?.startsWith('claim 204')) {
            empty++
            await sleep(50)
          } else {
            errors++
            firstError ??= o.error
            if (o.error?.includes(' 503 ')) await sleep(100)
          }
        }
      })
    )
  )
  const claimsPerSec = claimMs.length / secs
  const opsPerSec = (claimMs.length + decisions) / secs
  const ratio = opsPerSec / b.rps
  const r = { claims: claimMs.length, decisions, claimsPerSec, opsPerSec, claimP50: quantile(claimMs, 0.5), claimP99: quantile(claimMs, 0.99), doubles: holders.doubles, empty, errors, firstError, seconds: secs }
  results[`claim:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb }
  addRow({ section: 'claim', measure: `claim + decide, saturation (closed loop, ${crew.length} reviewers; ops = claim+decide)`, store, tier, ours: `${f0(claimsPerSec)} claims/s (${f0(opsPerSec)} ops/s)`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `claim ${f1(r.claimP99)} ms (queued behind ${crew.length} conn)`, peakRssMb: f0(peakRssMb), target: 'reported; 0 double claims', met: holders.doubles === 0 && errors === 0 })
  log(`  claims closed ${store} ${tier}: ${r.claims} claims in ${f1(secs)} s (${f0(claimsPerSec)}/s), p50 ${f1(r.claimP50)} p99 ${f1(r.claimP99)} ms, doubles ${holders.doubles}, 204s ${empty}, errors ${errors}${firstError ? ` (first: ${firstError})` : ''}`)
}

const lat = (r: OpenLoopResult, mark: string): string => {
  const l = r.latency[mark]
  return l ? `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)} ms` : '–'
}

async function openLoops(servers: Server[], base: string, store: string, tier: string, reviewers: Principal[]): Promise<void> {
  const crew = reviewers.slice(0, REVIEWERS.open)
  const holders = new Holders()
  for (const rate of CLAIM_RATES) {
    const shape = { rate, seconds: OPEN_LOOP_SECONDS, maxArrivals: OPEN_LOOP_MAX_ARRIVALS, drainMs: OPEN_LOOP_DRAIN_MS }
    const b = await openLoop({ ...shape, workers: crew, run: () => helloTwice() })
    const { value: r, peakRssMb } = await withUsage(servers, () => openLoop({ ...shape, workers: crew, run: (rv) => claimAndDecide(base, rv, holders) }))
    const p99 = r.latency.claim?.p99 ?? NaN
    results[`claimOpen:${store}:${tier}:${rate}`] = { ours: r, baseline: b, doubles: holders.doubles, peakRssMb }
    addRow({ section: 'claimOpen', measure: `claim + decide, open loop at ${rate}/s offered (${crew.length} reviewers; claim p50 / p95 / p99 from scheduled send)`, store, tier, ours: `${lat(r, 'claim')}; ${f0(r.achievedRate)}/s done, ${r.failed} failed, ${r.waitedForWorker} waited for a free reviewer`, baseline: lat(b, 'claim'), ratio: `p99 ×${f1(p99 / (b.latency.claim?.p99 ?? NaN))}`, p99: `claim ${f1(p99)} ms, decided ${f1(r.latency.decide?.p99 ?? NaN)} ms`, peakRssMb: f0(peakRssMb), target: rate === 200 ? 'claim p99 < 50 ms' : 'reported', met: rate === 200 ? p99 < 50 && r.failed === 0 && holders.doubles === 0 : null })
    log(`  claims open ${store} ${tier} @${rate}/s: claim p50/p95/p99 ${lat(r, 'claim')}, decided p99 ${f1(r.latency.decide?.p99 ?? NaN)} ms; ${r.ok}/${r.arrivals} ok, waited ${r.waitedForWorker} (max queue ${r.maxQueue}), generator lag p99 ${f1(r.dispatchLagP99)} ms${r.firstError ? `; first error ${r.firstError}` : ''}; hello world ${lat(b, 'claim')}`)
  }
}

export async function measureClaims(servers: Server[], base: string, store: string, tier: string, reviewers: Principal[]): Promise<void> {
  await closedLoop(servers, base, store, tier, reviewers)
  await openLoops(servers, base, store, tier, reviewers)
}
