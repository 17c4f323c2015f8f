// Reviewer endpoints and the reviewer's token. Reviewer-only: lives in the subpackage.
import type { DecisionRequest, QueueResponse, ReviewAppealResponse, ReviewerProfile, ReviewerSessionResponse } from '../../../types/api'
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

export async function fetchQueue(): Promise<QueueResponse> {
  return (await request<QueueResponse>('/review/queue', { realm: reviewerRealm })).data
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
