// Who is calling: resolve the bearer token once per request, then per route group require a kind.
import type { FastifyRequest } from 'fastify'
import type { CitizenPrincipal, Principal, ReviewerPrincipal } from '../context'
import { AppError } from '../errors'
import { findReviewerById, toPrincipal } from './reviewers'
import { findSession } from './sessions'

export function bearerToken(req: FastifyRequest, allowQuery = false): string | null {
  const h = req.headers.authorization
  if (typeof h === 'string') {
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(h.trim())
    if (m) return m[1]
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.token
    if (typeof q === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(q)) return q
  }
  return null
}

export async function resolvePrincipal(req: FastifyRequest, allowQuery = false): Promise<Principal | null> {
  const token = bearerToken(req, allowQuery)
  if (!token) return null
  const db = req.server.db.kysely
  const session = await findSession(db, token, req.server.config)
  if (!session) return null
  if (session.kind === 'citizen') return { kind: 'citizen', id: session.subjectId }
  const row = await findReviewerById(db, session.subjectId)
  // a disabled account's sessions are deleted when it is disabled; this check closes the race
  return row && !row.disabled_at ? toPrincipal(row) : null
}

/** onRequest hook of the citizen route group. */
export async function requireCitizen(req: FastifyRequest): Promise<void> {
  const p = await resolvePrincipal(req)
  if (!p || p.kind !== 'citizen') throw new AppError('UNAUTHENTICATED')
  req.principal = p
}

/** onRequest hook of the reviewer route group. */
export async function requireReviewer(req: FastifyRequest): Promise<void> {
  const p = await resolvePrincipal(req)
  if (!p || p.kind !== 'reviewer') throw new AppError('UNAUTHENTICATED')
  req.principal = p
}

export function citizenOf(req: FastifyRequest): CitizenPrincipal {
  if (req.principal?.kind !== 'citizen') throw new AppError('UNAUTHENTICATED')
  return req.principal
}

export function reviewerOf(req: FastifyRequest): ReviewerPrincipal {
  if (req.principal?.kind !== 'reviewer') throw new AppError('UNAUTHENTICATED')
  return req.principal
}
