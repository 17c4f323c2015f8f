// Who may scrape /metrics: a bearer METRICS_TOKEN, or without one a scraper on this machine talking to the
// API directly (never through a proxy).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'

function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && (addr === '::1' || /^(::ffff:)?127\./.test(addr))
}

/** Headers a proxy adds to what it forwards (RFC 7239 Forwarded, the X-Forwarded-* family, nginx's X-Real-IP, Via). */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'] as const

/**
 * "Loopback only" means a scraper on this machine talking to the API directly. A reverse proxy on the same
 * host also connects from 127.0.0.1, for every client on the internet; its request carries forwarding
 * headers, so any of them (trusted proxy or not, whatever they claim) makes the request not local. Both the
 * TCP peer and request.ip (the client through TRUST_PROXY) must be loopback as well. A proxy that forwards
 * without adding any such header cannot be told apart: with a proxy on the host, set METRICS_TOKEN.
 */
export function isLocalScrape(req: FastifyRequest): boolean {
  if (!isLoopback(req.socket.remoteAddress) || !isLoopback(req.ip)) return false
  return FORWARDING_HEADERS.every((h) => req.headers[h] === undefined)
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '')
  if (!m) return false
  // compare digests: equal length, constant time
  const a = createHash('sha256').update(m[1].trim()).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}
