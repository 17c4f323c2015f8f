// Load shedding. During a popup wave far more phones may connect than the machine can serve; instead of
// queueing every request without bound (each one answered too late to matter, memory climbing), the server
// answers at once with 503 OVERLOADED and Retry-After while the event loop is saturated, and serves normally
// again as soon as the pressure drops. Thresholds come from config (OVERLOAD_*); 0 turns a check off.
// Liveness (/healthz) is never shed, so an orchestrator does not kill a busy but healthy process.
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import { errorBody } from '../errors'

const NEVER_SHED = new Set(['/healthz'])

export async function registerUnderPressure(app: FastifyInstance): Promise<void> {
  const { overloadMaxEventLoopDelayMs, overloadMaxEventLoopUtilization, overloadRetryAfterSeconds } = app.config
  if (overloadMaxEventLoopDelayMs <= 0 && overloadMaxEventLoopUtilization <= 0) return
  let shed = 0
  let lastLog = 0
  await app.register(underPressure, {
    maxEventLoopDelay: overloadMaxEventLoopDelayMs,
    maxEventLoopUtilization: overloadMaxEventLoopUtilization,
    retryAfter: overloadRetryAfterSeconds,
    // sampled twice a second: shedding starts and stops within about half a second of the pressure
    sampleInterval: 500,
    pressureHandler: (req, reply, type, value) => {
      if (NEVER_SHED.has(req.url)) return undefined // let it through
      shed++
      const now = Date.now()
      if (now - lastLog >= 1000) {
        // one log line a second while shedding, not one per request
        req.log.warn({ type, value, shedSinceLastLine: shed }, 'overloaded: shedding requests')
        lastLog = now
        shed = 0
      }
      reply.status(503).header('retry-after', String(overloadRetryAfterSeconds))
      // under-pressure sends a non-null return value as the reply (its types only say void)
      return errorBody('OVERLOADED') as unknown as void
    }
  })
}
