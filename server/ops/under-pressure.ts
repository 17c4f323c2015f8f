// Load shedding. During a popup wave far more phones may connect than the machine can serve; instead of
// queueing every request without bound (each one answered too late to matter, memory climbing), the server
// answers at once with 503 OVERLOADED and Retry-After, and serves normally again as soon as the pressure drops.
//
// Three signals, thresholds from config (OVERLOAD_*; 0 turns a check off):
// - open client connections (OVERLOAD_MAX_CONNECTIONS): the one that trips when far more clients connect than
//   the process can serve. Their requests wait in kernel socket buffers, where neither the event-loop delay
//   (the loop keeps turning) nor the in-flight count (SQLite answers synchronously) can see them; the bench
//   measured p50 ≈ 0.4–1 s at 1,500 connections with the event-loop delay under its threshold. A shed reply
//   closes its connection, so the count falls back;
// - requests in progress (OVERLOAD_MAX_IN_FLIGHT): many requests waiting on a slow database (PostgreSQL);
// - event-loop delay / utilisation through @fastify/under-pressure: the process itself is stalled.
// Liveness (/healthz) is never shed, so an orchestrator does not kill a busy but healthy process.
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from '../errors'

const NEVER_SHED = new Set(['/healthz'])

export async function registerUnderPressure(app: FastifyInstance): Promise<void> {
  const { overloadMaxEventLoopDelayMs, overloadMaxEventLoopUtilization, overloadRetryAfterSeconds, overloadMaxInFlight } = app.config
  let shed = 0
  let lastLog = 0
  const shedReply = (req: FastifyRequest, reply: FastifyReply, type: string, value: unknown) => {
    shed++
    const now = Date.now()
    if (now - lastLog >= 1000) {
      // one log line a second while shedding, not one per request
      req.log.warn({ type, value, shedSinceLastLine: shed }, 'overloaded: shedding requests')
      lastLog = now
      shed = 0
    }
    reply.status(503).header('retry-after', String(overloadRetryAfterSeconds))
    return errorBody('OVERLOADED')
  }

  const { overloadMaxConnections } = app.config
  let open = 0
  if (overloadMaxConnections > 0) {
    app.server.on('connection', (socket) => {
      open++
      socket.once('close', () => open--)
    })
  }
  if (overloadMaxInFlight > 0 || overloadMaxConnections > 0) {
    // requests in progress: the count server/ops/index.ts keeps from each response's 'close' event (which
    // fires for an aborted request too, so an overload burst cannot leave it high and shed for ever)
    const inFlight = app.lifecycle
    app.addHook('onRequest', (req, reply, done) => {
      if (NEVER_SHED.has(req.url)) return done()
      if (overloadMaxConnections > 0 && open > overloadMaxConnections) {
        reply.header('connection', 'close')
        return void reply.send(shedReply(req, reply, 'connections', open))
      }
      if (overloadMaxInFlight > 0 && inFlight.inFlight > overloadMaxInFlight) {
        return void reply.send(shedReply(req, reply, 'inFlight', inFlight.inFlight))
      }
      done()
    })
  }

  if (overloadMaxEventLoopDelayMs <= 0 && overloadMaxEventLoopUtilization <= 0) return
  await app.register(underPressure, {
    maxEventLoopDelay: overloadMaxEventLoopDelayMs,
    maxEventLoopUtilization: overloadMaxEventLoopUtilization,
    retryAfter: overloadRetryAfterSeconds,
    // sampled twice a second: shedding starts and stops within about half a second of the pressure
    sampleInterval: 500,
    pressureHandler: (req, reply, type, value) => {
      if (NEVER_SHED.has(req.url)) return undefined // let it through
      // under-pressure sends a non-null return value as the reply (its types only say void)
      return shedReply(req, reply, type, value) as unknown as void
    }
  })
}
