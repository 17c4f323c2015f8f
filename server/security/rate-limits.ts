// Request rate limits per client address and per citizen (@fastify/rate-limit, in-process store):
// uploads, appeal creation, urging, receipt verification, new sessions. Over the limit → 429 RATE_LIMITED
// with Retry-After. Limits come from the settings (RATE_LIMIT_*; 0 = off), so tests and the bench raise them.
// "Address" is request.ip: the client as seen through the proxies TRUST_PROXY names (server/app.ts). Behind
// a load balancer that is not listed there, every client shares the balancer's address and one limit.
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type { Config } from '../config'
import { AppError } from '../errors'

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false, timeWindow: app.config.rateLimitWindowSeconds * 1000 })
}

type Limited = 'uploads' | 'appeals' | 'urges' | 'verify' | 'sessions'

function limitsOf(config: Config, what: Limited): { perAddress: number; perCitizen: number } {
  switch (what) {
    case 'uploads':
      return { perAddress: config.rateLimitUploadsPerAddress, perCitizen: config.rateLimitUploadsPerCitizen }
    case 'appeals':
      return { perAddress: config.rateLimitAppealsPerAddress, perCitizen: config.rateLimitAppealsPerCitizen }
    case 'urges':
      return { perAddress: config.rateLimitUrgesPerAddress, perCitizen: config.rateLimitUrgesPerCitizen }
    case 'verify':
      return { perAddress: config.rateLimitVerifyPerAddress, perCitizen: 0 }
    case 'sessions':
      return { perAddress: config.rateLimitSessionsPerAddress, perCitizen: 0 }
  }
}

/**
 * An onRequest hook for one route: counts the request against the address and (after the group's auth hook
 * has set req.principal) the citizen. Route-level hooks run after the group's, so the principal is known.
 */
export function rateLimited(app: FastifyInstance, what: Limited): onRequestAsyncHookHandler {
  const { perAddress, perCitizen } = limitsOf(app.config, what)
  const timeWindow = app.config.rateLimitWindowSeconds * 1000
  const byAddress =
    perAddress > 0 ? app.createRateLimit({ max: perAddress, timeWindow, keyGenerator: (req: FastifyRequest) => `${what}:ip:${req.ip}` }) : null
  const byCitizen =
    perCitizen > 0
      ? app.createRateLimit({ max: perCitizen, timeWindow, keyGenerator: (req: FastifyRequest) => `${what}:citizen:${req.principal?.id ?? req.ip}` })
      : null
  return async (req) => {
    for (const limiter of [byAddress, byCitizen]) {
      if (!limiter) continue
      const r = await limiter(req)
      if (r.isAllowed || !r.isExceeded) continue
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: r.ttlInSeconds })
    }
  }
}
