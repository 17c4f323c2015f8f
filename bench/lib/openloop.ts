// An open-loop load generator: arrivals on a fixed schedule (one every 1/rate s), each handed to an idle
// worker (a reviewer can hold one claim at a time), and latency counted from the SCHEDULED time. When the
// server is slow, arrivals do not slow down with it: they wait for a worker and that wait is in the figure,
// which is what a closed loop (autocannon, even with overallRate: it sends only after the previous answer on
// a connection, in per-second bursts) hides — coordinated omission.
import { quantile } from './load'
import { sleep } from './procs'

export interface Outcome {
  ok: boolean
  error?: string
  /** performance.now() when each named answer arrived, e.g. { claim, decide } */
  marks: Record<string, number>
}

export interface Latency {
  p50: number
  p95: number
  p99: number
  max: number
}

export interface OpenLoopResult {
  offeredRate: number
  arrivals: number
  ok: number
  failed: number
  firstError?: string
  /** successful arrivals per second, from the first scheduled send to the last answer */
  achievedRate: number
  /** per mark, ms from the scheduled send time */
  latency: Record<string, Latency>
  /** arrivals that found every worker busy and queued client-side (their wait counts in the latency) */
  waitedForWorker: number
  maxQueue: number
  /** how late the generator itself took arrivals off the schedule (ms, p99; waits for a worker excluded):
   *  a starved load generator shows here rather than as server latency alone */
  dispatchLagP99: number
  seconds: number
}

export async function openLoop<W>(opts: {
  rate: number
  seconds: number
  maxArrivals: number
  workers: W[]
  run: (worker: W, arrival: number) => Promise<Outcome>
  drainMs?: number
}): Promise<OpenLoopResult> {
  const n = Math.max(1, Math.min(opts.maxArrivals, Math.round(opts.rate * opts.seconds)))
  const interval = 1000 / opts.rate
  const idle = [...opts.workers]
  const waiting: { i: number; due: number }[] = []
  const done: { due: number; outcome: Outcome }[] = []
  const lags: number[] = []
  const inflight = new Set<Promise<void>>()
  let waited = 0
  let maxQueue = 0

  const dispatch = (worker: W, a: { i: number; due: number }): void => {
    const p = opts
      .run(worker, a.i)
      .catch((err: unknown): Outcome => ({ ok: false, error: String(err instanceof Error ? err.message : err), marks: {} }))
      .then((outcome) => {
        done.push({ due: a.due, outcome })
        const next = waiting.shift()
        if (next) dispatch(worker, next)
        else idle.push(worker)
      })
    inflight.add(p)
    void p.finally(() => inflight.delete(p))
  }

  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const due = t0 + i * interval
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    lags.push(performance.now() - due)
    const worker = idle.shift()
    if (worker !== undefined) dispatch(worker, { i, due })
    else {
      waited++
      waiting.push({ i, due })
      maxQueue = Math.max(maxQueue, waiting.length)
    }
  }
  const drainEnd = performance.now() + (opts.drainMs ?? 60_000)
  while ((inflight.size > 0 || waiting.length > 0) && performance.now() < drainEnd) await Promise.race([...inflight, sleep(100)])
  const end = performance.now()

  const ok = done.filter((d) => d.outcome.ok)
  const names = [...new Set(ok.flatMap((d) => Object.keys(d.outcome.marks)))]
  const latency: Record<string, Latency> = {}
  for (const name of names) {
    const xs = ok.filter((d) => name in d.outcome.marks).map((d) => d.outcome.marks[name] - d.due)
    // arrivals that never finished count as the longest wait, not as missing samples
    const unfinished = n - done.length
    for (let k = 0; k < unfinished; k++) xs.push(end - t0)
    latency[name] = { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: Math.max(...xs) }
  }
  const lastAnswer = Math.max(t0 + 1, ...done.map((d) => Math.max(...Object.values(d.outcome.marks), d.due)))
  return {
    offeredRate: opts.rate,
    arrivals: n,
    ok: ok.length,
    failed: n - ok.length,
    firstError: done.find((d) => !d.outcome.ok)?.outcome.error,
    achievedRate: ok.length / ((lastAnswer - t0) / 1000),
    latency,
    waitedForWorker: waited,
    maxQueue,
    dispatchLagP99: quantile(lags, 0.99),
    seconds: (end - t0) / 1000
  }
}
