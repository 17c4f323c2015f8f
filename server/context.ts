// What every route can reach: the database and the config (decorated on the Fastify instance),
// and who is calling (decorated on the request by the auth guards).
import type { Config } from './config'
import type { Db } from './db/dialect'

export interface CitizenPrincipal {
  kind: 'citizen'
  id: string
}

export interface ReviewerPrincipal {
  kind: 'reviewer'
  id: string
  username: string
  districts: string[]
  supervisor: boolean
}

/** A machine client of the health-code operator (issue 12): operator routes only. */
export interface OperatorPrincipal {
  kind: 'operator'
  id: string
  name: string
}

export type Principal = CitizenPrincipal | ReviewerPrincipal | OperatorPrincipal

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    config: Config
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export function nowIso(): string {
  return new Date().toISOString()
}
