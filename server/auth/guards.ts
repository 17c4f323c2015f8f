// Who is calling: resolve the bearer token once per request, then per route group require a kind.
import type { FastifyRequest } from 'fastify'
import type { CitizenPrincipal, OperatorPrincipal, Principal, ReviewerPrincipal } from '../context'
import { AppError } from '../errors'
import { findReviewerById, toPrincipal } from './reviewers'
import { findSession } from './sessions'
import { sha256Hex } from './tokens'

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

// ---- operators (issue 12): a realm of their own ----
// An operator key is not a session: it lives only in operators.key_hash (SHA-256, like session tokens), so
// it never resolves as a citizen or reviewer (resolvePrincipal finds no session → 401 on every other route),
// and a citizen's or reviewer's token never resolves here (→ 401 on the operator routes).

export async function resolveOperator(req: FastifyRequest): Promise<OperatorPrincipal | null> {
  const token = bearerToken(req)
  if (!token) return null
  const row = await req.server.db.kysely
    .selectFrom('operators')
    .select(['id', 'name'])
    .where('key_hash', '=', sha256Hex(token))
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return row ? { kind: 'operator', id: row.id, name: row.name } : null
}

/** onRequest hook of the operator route group. */
export async function requireOperator(req: FastifyRequest): Promise<void> {
  const p = await resolveOperator(req)
  if (!p) throw new AppError('UNAUTHENTICATED', { message: '接口密钥无效或已停用' })
  req.principal = p
}

export function operatorOf(req: FastifyRequest): OperatorPrincipal {
  if (req.principal?.kind !== 'operator') throw new AppError('UNAUTHENTICATED')
  return req.principal
}

/** Supervisor-only work: one answer for everyone else (FORBIDDEN), whichever route or service asks. */
export function assertSupervisor(reviewer: Pick<ReviewerPrincipal, 'supervisor'>): void {
  if (!reviewer.supervisor) throw new AppError('FORBIDDEN')
}

/**
 * preHandler hook of supervisor-only routes (after requireReviewer). A preHandler, not onRequest: the request
 * is validated first, so a reviewer's malformed request keeps its 400 and only a valid one is refused.
 */
export async function requireSupervisor(req: FastifyRequest): Promise<void> {
  assertSupervisor(reviewerOf(req))
}
