// The policy this server enforces (src/domain/policy.ts with its configured values), as served to the app.
import { createHash } from 'node:crypto'
import type { PolicyResponse } from '../../types/api'
import { policyFrom } from '../../src/domain/policy'
import type { Config } from '../config'

export interface ServedPolicy {
  body: PolicyResponse
  /** a strong validator: the policy only changes when the config does, i.e. on a restart */
  etag: string
}

const served = new WeakMap<Config, ServedPolicy>()

export function policyOf(config: Config): PolicyResponse {
  return policyFrom(config)
}

/** Computed once per config object: every request of a running server gets the same bytes and ETag. */
export function servedPolicy(config: Config): ServedPolicy {
  let s = served.get(config)
  if (!s) {
    const body = policyOf(config)
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`
    served.set(config, (s = { body, etag }))
  }
  return s
}

/** If-None-Match may list several tags, or be the weak form of ours (a proxy may weaken it). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag === etag || tag === `W/${etag}`
  })
}
