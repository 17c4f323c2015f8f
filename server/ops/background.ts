// Background work (sweeps, the notification dispatcher…) registered on the app so that shutdown can stop it:
//   app.background.every('lease-sweep', 30_000, async () => { … })   // an unref'd interval, never overlapping
//   app.background.add('dispatcher', async () => { await dispatcher.stop() })  // anything with a stop
// On app.close() (SIGTERM in main.ts, or a test) every interval is cleared and the close waits for a run in
// progress and every stop function, before the database is closed.
import type { FastifyBaseLogger } from 'fastify'

export interface Background {
  /** runs `fn` every `ms` (first run after `ms`); a run never starts while the previous one is still going */
  every(name: string, ms: number, fn: () => Promise<unknown> | unknown): void
  /** registers a stop function, called once on close */
  add(name: string, stop: () => Promise<unknown> | unknown): void
  /** names of what is registered (for logs and tests) */
  names(): string[]
  /** true once stopping has begun: long-running loops should check it */
  readonly stopping: boolean
  stopAll(): Promise<void>
}

export function createBackground(log: FastifyBaseLogger): Background {
  const stops = new Map<string, () => Promise<unknown> | unknown>()
  let stopping = false
  const bg: Background = {
    every(name, ms, fn) {
      let running: Promise<unknown> | null = null
      const timer = setInterval(() => {
        if (running || stopping) return
        running = Promise.resolve()
          .then(fn)
          .catch((err: unknown) => log.error({ err, task: name }, 'background task failed'))
          .finally(() => {
            running = null
          })
      }, ms)
      timer.unref()
      bg.add(name, async () => {
        clearInterval(timer)
        await running
      })
    },
    add(name, stop) {
      if (stops.has(name)) throw new Error(`background task "${name}" is already registered`)
      stops.set(name, stop)
    },
    names: () => [...stops.keys()],
    get stopping() {
      return stopping
    },
    async stopAll() {
      stopping = true
      await Promise.all(
        [...stops.entries()].map(async ([name, stop]) => {
          try {
            await stop()
          } catch (err) {
            log.error({ err, task: name }, 'background task did not stop cleanly')
          }
        })
      )
      stops.clear()
    }
  }
  return bg
}
