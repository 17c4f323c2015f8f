// Graceful shutdown of a listening app (main.ts calls this on SIGTERM/SIGINT):
// 1. drain: readiness turns 503 and every new request is answered 503 SERVER_RESTARTING with
//    Connection: close, while the socket still listens — so a client (or a load balancer) racing the
//    shutdown gets an answer instead of a reset; it ends once no request has arrived for `quietMs` and
//    nothing is in flight, or after `drainMs`;
// 2. app.close(): the listening socket closes, in-flight requests finish, background tasks stop
//    (app.background), then the database closes.
import type { FastifyInstance } from 'fastify'

export async function gracefulShutdown(app: FastifyInstance, opts: { drainMs: number; quietMs?: number }): Promise<void> {
  const state = app.lifecycle
  const quietMs = opts.quietMs ?? 300
  state.closing = true
  const start = Date.now()
  state.lastRequestAt = Math.max(state.lastRequestAt, start)
  while (Date.now() - start < opts.drainMs) {
    if (state.inFlight === 0 && Date.now() - state.lastRequestAt >= quietMs) break
    await new Promise((r) => setTimeout(r, 20))
  }
  await app.close()
}
