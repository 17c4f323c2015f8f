// Citizen endpoints.
import type { Appeal } from '../../types/appeal'
import type {
  AppealListResponse,
  CreateAppealRequest,
  RatingRequest,
  ReceiptResponse,
  SupplementRequest,
  WithdrawRequest
} from '../../types/api'
import type { StillPoppedRequest } from '../../types/correction'
import { request } from './http'
import { citizenRealm } from './session'

const path = (id: string, tail = '') => `/appeals/${encodeURIComponent(id)}${tail}`

export async function createAppeal(body: CreateAppealRequest, idempotencyKey?: string): Promise<Appeal> {
  const header: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}
  return (await request<Appeal>('/appeals', { method: 'POST', data: body, realm: citizenRealm, header })).data
}

export async function listMyAppeals(): Promise<AppealListResponse> {
  return (await request<AppealListResponse>('/appeals', { realm: citizenRealm })).data
}

export async function getAppeal(id: string): Promise<Appeal> {
  return (await request<Appeal>(path(id), { realm: citizenRealm })).data
}

export async function getAppealByTracking(trackingNo: string): Promise<Appeal> {
  return (await request<Appeal>(`/appeals/by-tracking/${encodeURIComponent(trackingNo)}`, { realm: citizenRealm })).data
}

export async function withdrawAppeal(id: string, body: WithdrawRequest): Promise<Appeal> {
  return (await request<Appeal>(path(id, '/withdraw'), { method: 'POST', data: body, realm: citizenRealm })).data
}

export async function supplementAppeal(id: string, body: SupplementRequest): Promise<Appeal> {
  return (await request<Appeal>(path(id, '/supplement'), { method: 'POST', data: body, realm: citizenRealm })).data
}

export async function urgeAppeal(id: string): Promise<Appeal> {
  return (await request<Appeal>(path(id, '/urge'), { method: 'POST', data: {}, realm: citizenRealm })).data
}

export async function rateAppeal(id: string, body: RatingRequest): Promise<Appeal> {
  return (await request<Appeal>(path(id, '/rating'), { method: 'POST', data: body, realm: citizenRealm })).data
}

export async function getReceipt(id: string): Promise<ReceiptResponse> {
  return (await request<ReceiptResponse>(path(id, '/receipt'), { realm: citizenRealm })).data
}

/** 「弹窗还在」: the popup still shows after the correction; the appeal goes back to the head of the queue. */
export async function reportStillPopped(id: string, body: StillPoppedRequest): Promise<Appeal> {
  return (await request<Appeal>(path(id, '/still-popped'), { method: 'POST', data: body, realm: citizenRealm })).data
}
