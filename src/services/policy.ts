// The policy the server enforces (GET /api/v1/policy), for every screen that states or checks a rule.
// Fetched once per start; the last answer is kept in storage so an offline start still shows the server's
// numbers, and the built-in defaults (src/domain/policy.ts) stand in before any answer ever arrived.
import { useEffect } from 'react'
import { create } from 'zustand'
import type { PolicyResponse } from '../../types/api'
import { APPEAL_STATUSES, type AppealStatus } from '../../types/appeal'
import { DEFAULT_POLICY, type Policy } from '../domain/policy'
import { request } from './http'
import { readValue, writeValue } from './storage'

export const POLICY_STORAGE_KEY = 'pa.policy'

export type PolicySource = 'default' | 'stored' | 'server'

interface PolicyState {
  policy: Policy
  source: PolicySource
}

const NUMBER_FIELDS = [
  'evidenceMaxAgeHours',
  'testMinGapHours',
  'maxNegativeTests',
  'statementMaxChars',
  'slaHours',
  'urgeIntervalHours',
  'needsInfoTimeoutDays',
  'needByCloseHours'
] as const satisfies readonly (keyof PolicyResponse)[]

/**
 * A policy from the network or from storage, field by field: a missing or odd field (an older server, a
 * damaged store) keeps its default instead of turning a limit into NaN.
 */
export function readPolicy(raw: unknown): Policy | null {
  if (!raw || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  const policy: Policy = { ...DEFAULT_POLICY, urgeStatuses: [...DEFAULT_POLICY.urgeStatuses] }
  for (const f of NUMBER_FIELDS) {
    const v = r[f]
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) policy[f] = v
  }
  if (Array.isArray(r.urgeStatuses) && r.urgeStatuses.every((s) => (APPEAL_STATUSES as readonly unknown[]).includes(s))) {
    policy.urgeStatuses = r.urgeStatuses as AppealStatus[]
  }
  return policy
}

function initial(): PolicyState {
  const stored = readPolicy(readValue<unknown>(POLICY_STORAGE_KEY))
  return stored ? { policy: stored, source: 'stored' } : { policy: { ...DEFAULT_POLICY }, source: 'default' }
}

export const usePolicyStore = create<PolicyState>()(() => initial())

let loading: Promise<Policy> | null = null

/** Asks the server once per start (later calls share the answer); offline, what is there stays. */
export function loadPolicy(): Promise<Policy> {
  if (!loading) {
    loading = request<PolicyResponse>('/policy')
      .then((res) => {
        const policy = readPolicy(res.data)
        if (!policy) return usePolicyStore.getState().policy
        writeValue(POLICY_STORAGE_KEY, policy)
        usePolicyStore.setState({ policy, source: 'server' })
        return policy
      })
      .catch(() => {
        // a failed start may try again next time a screen asks
        loading = null
        return usePolicyStore.getState().policy
      })
  }
  return loading
}

/** For code outside React (stores, pure helpers' callers). */
export function currentPolicy(): Policy {
  return usePolicyStore.getState().policy
}

/** The policy for a screen; asks the server when nobody has yet. */
export function usePolicy(): Policy {
  const policy = usePolicyStore((s) => s.policy)
  useEffect(() => {
    void loadPolicy()
  }, [])
  return policy
}

/** Tests only: forget the fetched answer so the next load asks again. */
export function resetPolicyForTests(): void {
  loading = null
  usePolicyStore.setState(initial())
}
