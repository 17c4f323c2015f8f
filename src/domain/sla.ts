// "Overdue", defined once for the server (views, queue filter, stats, overdue list, metrics) and the app.
// The SLA clock runs while the appeal waits on the city: queued or in review. needs_info waits on the citizen
// and a closed appeal is done, so neither is ever overdue, whatever its due time says.
import type { AppealStatus } from '../../types/appeal'

export const SLA_STATUSES: readonly AppealStatus[] = ['queued', 'in_review']

export function countsForSla(status: string): boolean {
  return (SLA_STATUSES as readonly string[]).includes(status)
}

/** Waiting on the city past its due time. An empty due time (rows from before the SLA existed) is never overdue. */
export function isOverdue(a: { status: string; dueAt: string }, now: Date | string | number = Date.now()): boolean {
  if (!countsForSla(a.status) || !a.dueAt) return false
  const due = Date.parse(a.dueAt)
  return Number.isFinite(due) && due < new Date(now).getTime()
}
