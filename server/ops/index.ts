// Everything an operator needs, wired into an app by buildApp: request ids in a header, the background-task
// registry stopped on close, /healthz, /readyz, /metrics and /api/v1/version.
import type { FastifyInstance } from 'fastify'
import { createBackground, type Background } from './background'
import { healthRoutes } from './health'
import { registerMetrics, type Metrics } from './metrics'
import { REQUEST_ID_HEADER, registerRequestLog } from './logging'
import { errorBody } from '../errors'

/** Shutdown state: closing is set when shutdown begins (readiness and new requests turn 503). */
export interface Lifecycle {
  closing: boolean
  /** requests past onRequest whose response has not closed (finished or aborted) */
  inFlight: number
  lastRequestAt: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** timers and loops that shutdown must stop: see server/ops/background.ts */
    background: Background
    metrics: Metrics
    lifecycle: Lifecycle
  }
}

export async function registerOps(app: FastifyInstance): Promise<void> {
  const state: Lifecycle = { closing: false, inFlight: 0, lastRequestAt: 0 }
  app.decorate('lifecycle', state)
  app.decorate('background', createBackground(app.log))

  app.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, req.id)
    state.lastRequestAt = Date.now()
    // onResponse never fires for a request whose client went away first; the response's 'close' event fires
    // exactly once either way, so the drain at shutdown and the load shedding see the true count
    state.inFlight++
    reply.raw.once('close', () => state.inFlight--)
    if (state.closing) {
      // draining before shutdown: a request that arrives now is answered at once, never cut off
      reply.header('connection', 'close')
      return void reply.status(503).send(errorBody('SERVER_RESTARTING'))
    }
    done()
  })

  // preClose: runs when close() begins, before the server stops taking requests — readiness turns 503 and
  // background work stops (a run in progress finishes) while the database is still open
  app.addHook('preClose', async () => {
    state.closing = true
    await app.background.stopAll()
  })

  registerRequestLog(app, app.config.logSlowRequestMs)
  app.decorate('metrics', registerMetrics(app))
  await healthRoutes(app, state)
}
