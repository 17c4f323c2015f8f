// The records shown beside the appeal: the applicant's other appeals and (supervisors) the audit trail.
// Both are best effort: a failure leaves the panel empty rather than blocking the review.
import { fetchAudit, fetchHistory, type AuditEntry, type HistoryResponse } from '../services/api'
import type { ReviewSlice } from './reviewSlice'

export interface RecordsSlice {
  history: HistoryResponse['items']
  historyFor: string | null
  loadHistory: (id: string) => Promise<void>
  audit: AuditEntry[]
  auditFor: string | null
  loadAudit: (id: string) => Promise<void>
}

export const recordsSlice: ReviewSlice<RecordsSlice> = (set, get) => ({
  history: [],
  historyFor: null,
  loadHistory: async (id) => {
    set({ history: [], historyFor: id })
    try {
      const res = await fetchHistory(id)
      // a slower answer for an appeal no longer in hand is dropped
      if (get().historyFor === id) set({ history: res.items ?? [] })
    } catch {
      // an older server without the endpoint: the panel stays empty
    }
  },
  audit: [],
  auditFor: null,
  loadAudit: async (id) => {
    set({ audit: [], auditFor: id })
    try {
      const res = await fetchAudit(id)
      if (get().auditFor === id) set({ audit: res.items ?? [] })
    } catch {
      // not a supervisor, or no endpoint
    }
  }
})
