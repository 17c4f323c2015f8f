// Closed-loop load with autocannon (a fixed number of connections, each sending when the last answer came),
// and the same load on the hello world. Throughput figures come from here; latency targets come from the
// open-loop scheduler (openloop.ts), because a closed loop hides queueing behind its own waiting.
import { DUR } from './options'

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
export async function baseline(connections: number, method: 'GET' | 'POST', body?: string): Promise<Load> {
  return load({
    url: baselineBase + '/',
    connections,
    duration: DUR,
    method,
    ...(body ? { body, headers: { 'content-type': 'application/json' } } : {})
  })
}

export function quantile(a: number[], p: number): number {
  if (a.length === 0) return NaN
  const s = [...a].sort((x, y) => x - y)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]
}
