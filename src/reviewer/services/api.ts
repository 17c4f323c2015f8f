// Reviewer endpoints and the reviewer's token. Reviewer-only: lives in the subpackage.
import type {
  AppealSummary,
  DecisionRequest,
  HeartbeatResponse,
  QueueQuery,
  QueueResponse,
  ReviewAppealResponse,
  ReviewerProfile,
  ReviewerSessionResponse,
  StatsResponse
} from '../../../types/api'
import type { CorrectionProblem, CorrectionRejectRequest, CorrectionRetryResponse } from '../../../types/correction'
import { ApiError } from '../../services/errors'
import { apiUrl } from '../../services/config'
import { fileUrl, request, type AuthRealm } from '../../services/http'
import { readValue, removeValue, writeValue } from '../../services/storage'

const KEY = 'pa.reviewer.session'

interface StoredSession {
  token: string
  expiresAt: string
  reviewer: ReviewerProfile
}

export function storedReviewerSession(): StoredSession | null {
  const s = readValue<StoredSession>(KEY)
  if (!s?.token) return null
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null
  return s
}

/** No silent renewal: a 401 drops the token and the page sends the reviewer to log in again. */
export const reviewerRealm: AuthRealm = {
  token: () => storedReviewerSession()?.token ?? null,
  clear: () => removeValue(KEY)
}

export async function login(username: string, password: string): Promise<ReviewerProfile> {
  const res = await request<ReviewerSessionResponse>('/reviewer/session', { method: 'POST', data: { username, password } })
  writeValue(KEY, res.data)
  return res.data.reviewer
}

export async function logout(): Promise<void> {
  try {
    await request<null>('/reviewer/session', { method: 'DELETE', realm: reviewerRealm })
  } finally {
    reviewerRealm.clear()
  }
}

/** QueueQuery → query string, in a stable order, leaving out what is unset. */
export function queueQueryString(q: QueueQuery): string {
  const parts: string[] = []
  const keys: (keyof QueueQuery)[] = ['status', 'district', 'category', 'overdue', 'flag', 'sort', 'cursor', 'limit']
  for (const k of keys) {
    const v = q[k]
    if (v === undefined || v === null || v === '') continue
    parts.push(`${k}=${encodeURIComponent(String(v))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

export interface QueuePage extends QueueResponse {
  /** the server refused the filters (an older server): the page shows the unfiltered queue and says so */
  filtersIgnored: boolean
}

export async function fetchQueue(q: QueueQuery = {}): Promise<QueuePage> {
  try {
    const res = (await request<QueueResponse>('/review/queue' + queueQueryString(q), { realm: reviewerRealm })).data
    return { ...res, filtersIgnored: false }
  } catch (e) {
    // a server without the new filters answers 400 on unknown query params: fall back to status only
    const extra = Object.keys(q).some((k) => k !== 'status' && q[k as keyof QueueQuery] !== undefined)
    if (!(e instanceof ApiError) || e.status !== 400 || !extra) throw e
    const res = (await request<QueueResponse>('/review/queue' + queueQueryString({ status: q.status }), { realm: reviewerRealm })).data
    return { ...res, nextCursor: null, filtersIgnored: true }
  }
}

/** Claim a given queued appeal (J/K + Enter on the list). */
export async function claimAppeal(id: string): Promise<ReviewAppealResponse> {
  return (
    await request<ReviewAppealResponse>(`/review/appeals/${encodeURIComponent(id)}/claim`, { method: 'POST', data: {}, realm: reviewerRealm })
  ).data
}

/** Keep the lease alive while the review page is open. */
export async function heartbeat(id: string): Promise<HeartbeatResponse> {
  return (
    await request<HeartbeatResponse>(`/review/appeals/${encodeURIComponent(id)}/heartbeat`, { method: 'POST', data: {}, realm: reviewerRealm })
  ).data
}

/**
 * Release on page hide/unload, when an ordinary request may be cut off: fetch with keepalive
 * (sendBeacon cannot send the Authorization header). Best effort; the lease expires anyway.
 */
export function releaseOnLeave(id: string): void {
  const token = reviewerRealm.token()
  if (!token || typeof fetch !== 'function') return
  try {
    void fetch(apiUrl(`/review/appeals/${encodeURIComponent(id)}/release`), {
      method: 'POST',
      keepalive: true,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}'
    }).catch(() => undefined)
  } catch {
    // leaving anyway
  }
}

export interface HistoryResponse {
  items: (AppealSummary & { applicant: { name: string; idNumber: string; phone: string } })[]
}

export async function fetchHistory(id: string): Promise<HistoryResponse> {
  return (await request<HistoryResponse>(`/review/appeals/${encodeURIComponent(id)}/history`, { realm: reviewerRealm })).data
}

export interface AuditEntry {
  id: number
  at: string
  actorType: string
  actorId: string | null
  actorName: string | null
  action: string
  appealId: string | null
  detail: string | null
}

export async function fetchAudit(id: string): Promise<{ items: AuditEntry[] }> {
  return (await request<{ items: AuditEntry[] }>(`/review/appeals/${encodeURIComponent(id)}/audit`, { realm: reviewerRealm })).data
}

export interface Cluster {
  key: string
  category: string
  triggerDate: string | null
  district: string
  hour: string
  count: number
  appealIds: string[]
  trackingNos: string[]
}

export async function fetchClusters(): Promise<{ items: Cluster[] }> {
  return (await request<{ items: Cluster[] }>('/review/clusters', { realm: reviewerRealm })).data
}

export async function approveCluster(appealIds: string[], note: string): Promise<{ approved: string[]; skipped: string[] }> {
  return (
    await request<{ approved: string[]; skipped: string[] }>('/review/clusters/approve', {
      method: 'POST',
      data: { appealIds, note },
      realm: reviewerRealm
    })
  ).data
}

export async function fetchStats(): Promise<StatsResponse> {
  return (await request<StatsResponse>('/review/stats', { realm: reviewerRealm })).data
}

export interface ReviewerThroughput {
  reviewerId: string
  username: string
  decided: number
  approved: number
  rejected: number
  needsInfo: number
}

export async function fetchThroughput(): Promise<{ items: ReviewerThroughput[] }> {
  return (await request<{ items: ReviewerThroughput[] }>('/review/stats/reviewers', { realm: reviewerRealm })).data
}

export interface OverdueItem {
  id: string
  trackingNo: string
  district: string
  status: string
  dueAt: string
}

export async function fetchOverdue(): Promise<{ items: OverdueItem[] }> {
  return (await request<{ items: OverdueItem[] }>('/review/stats/overdue', { realm: reviewerRealm })).data
}

/** h5: download the CSV export with the bearer header (no token in a URL), saved through a blob link. */
export async function downloadStatsCsv(): Promise<void> {
  const token = reviewerRealm.token()
  const res = await fetch(apiUrl('/review/stats.csv'), { headers: { Authorization: `Bearer ${token ?? ''}` } })
  if (!res.ok) throw new ApiError(res.status, res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', res.status === 401 ? '登录已失效，请重新进入' : '导出失败，请稍后重试')
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'review-stats.csv'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The next appeal, now held by this reviewer; null when the queue is empty (204). */
export async function claimNext(): Promise<ReviewAppealResponse | null> {
  const res = await request<ReviewAppealResponse | null>('/review/claim', { method: 'POST', data: {}, realm: reviewerRealm })
  return res.status === 204 || !res.data ? null : res.data
}

export async function fetchReviewAppeal(id: string): Promise<ReviewAppealResponse> {
  return (await request<ReviewAppealResponse>(`/review/appeals/${encodeURIComponent(id)}`, { realm: reviewerRealm })).data
}

export async function decide(id: string, body: DecisionRequest): Promise<ReviewAppealResponse | null> {
  const res = await request<ReviewAppealResponse | null>(`/review/appeals/${encodeURIComponent(id)}/decision`, {
    method: 'POST',
    data: body,
    realm: reviewerRealm
  })
  return res.data
}

export async function release(id: string): Promise<void> {
  await request<unknown>(`/review/appeals/${encodeURIComponent(id)}/release`, { method: 'POST', data: {}, realm: reviewerRealm })
}

export function reviewerFileUrl(id: string): string {
  return fileUrl(id, reviewerRealm.token())
}

// ---- the corrections the health-code operator could not apply (issue 12), for supervisors ----

export async function fetchCorrectionProblems(): Promise<{ items: CorrectionProblem[] }> {
  // the route answers a bare array; an {items} page is read too, should the list ever be paged
  const data = (await request<CorrectionProblem[] | { items: CorrectionProblem[] }>('/review/corrections/problems', { realm: reviewerRealm })).data
  return { items: Array.isArray(data) ? data : data?.items ?? [] }
}

/** 重新提交: a new attempt goes back to the operator; the appeal stays approved. */
export async function retryCorrection(id: string): Promise<CorrectionRetryResponse> {
  return (
    await request<CorrectionRetryResponse>(`/review/corrections/${encodeURIComponent(id)}/retry`, { method: 'POST', data: {}, realm: reviewerRealm })
  ).data
}

/** 驳回: the appeal is rejected with a reason the citizen sees. */
export async function rejectCorrection(id: string, body: CorrectionRejectRequest): Promise<ReviewAppealResponse> {
  return (
    await request<ReviewAppealResponse>(`/review/corrections/${encodeURIComponent(id)}/reject`, { method: 'POST', data: body, realm: reviewerRealm })
  ).data
}

/** 改派: the existing reassign route; on an appeal with an open correction problem it goes back to review with that reviewer. */
export async function reassignAppeal(appealId: string, reviewerId: string): Promise<ReviewAppealResponse> {
  return (
    await request<ReviewAppealResponse>(`/review/appeals/${encodeURIComponent(appealId)}/reassign`, {
      method: 'POST',
      data: { reviewerId },
      realm: reviewerRealm
    })
  ).data
}
