// Closed-loop load with autocannon (a fixed number of connections, each sending when the last answer came),
// and the same load on the hello world. Throughput figures come from here; latency targets come from the
// open-loop scheduler (openloop.ts), because a closed loop hides queueing behind its own waiting.
import { DUR, QUICK } from './options'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AcResult>

interface AcResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; max: number }
  '2xx': number
  '3xx': number
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}

export interface Load {
  /** answers counted as success per second (2xx, or the `okStatus` asked for) */
  rps: number
  total: number
  ok: number
  non2xx: number
  errors: number
  statuses: Record<string, number>
  p50: number
  p99: number
  max: number
  seconds: number
}

/** `okStatus`: the one status that counts as served (304 for a conditional poll); default any 2xx. */
export async function load(opts: Record<string, unknown>, okStatus?: number): Promise<Load> {
  const t0 = performance.now()
  const r = await autocannon({ timeout: 10, ...opts })
  const seconds = (performance.now() - t0) / 1000 // autocannon's own duration is whole seconds
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))
  const ok = okStatus === undefined ? r['2xx'] : statuses[String(okStatus)] ?? 0
  return {
    rps: ok / seconds,
    total: r.requests.total,
    ok,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    statuses,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    seconds
  }
}

let baselineBase = ''
export const setBaseline = (base: string): void => void (baselineBase = base)
export const baselineUrl = (): string => baselineBase

/** The hello world under the same connections and duration as the measure it stands beside. */
export async function baseline(connections: number, method: 'GET' | 'POST', body?: string, seconds = DUR): Promise<Load> {
  return load({
    url: baselineBase + '/',
    connections,
    duration: seconds,
    method,
    ...(body ? { body, headers: { 'content-type': 'application/json' } } : {})
  })
}

export function quantile(a: number[], p: number): number {
  if (a.length === 0) return NaN
  const s = [...a].sort((x, y) => x - y)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]
}

/** Slices per alternated phase: this machine's speed drifts by a third within a minute (the hello world alone
 *  measured 35k–55k req/s in consecutive runs), so one phase of each, one after the other, carried the drift
 *  into the ratio. Alternating short slices puts both under the same drift. */
export const SLICES = QUICK ? 1 : 4

function merge(parts: Load[]): Load {
  const sum = (f: (l: Load) => number): number => parts.reduce((a, l) => a + f(l), 0)
  const statuses: Record<string, number> = {}
  for (const l of parts) for (const [k, v] of Object.entries(l.statuses)) statuses[k] = (statuses[k] ?? 0) + v
  const seconds = sum((l) => l.seconds)
  const ok = sum((l) => l.ok)
  return {
    rps: ok / seconds,
    total: sum((l) => l.total),
    ok,
    non2xx: sum((l) => l.non2xx),
    errors: sum((l) => l.errors),
    statuses,
    p50: quantile(parts.map((l) => l.p50), 0.5),
    p99: Math.max(...parts.map((l) => l.p99)),
    max: Math.max(...parts.map((l) => l.max)),
    seconds
  }
}

/** The hello world and ours in alternating slices of DUR / SLICES seconds each; each side's slices merged
 *  (throughput over all its slices, p50 the median slice's, p99 and max the worst slice's). */
export async function alternated(ours: (seconds: number) => Promise<Load>, base: (seconds: number) => Promise<Load>): Promise<{ ours: Load; baseline: Load }> {
  const seconds = DUR / SLICES
  const o: Load[] = []
  const b: Load[] = []
  for (let i = 0; i < SLICES; i++) {
    b.push(await base(seconds))
    o.push(await ours(seconds))
  }
  return { ours: merge(o), baseline: merge(b) }
}
