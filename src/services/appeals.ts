// Citizen endpoints.
import type { Appeal } from '../../types/appeal'
import type { AppealListResponse, CreateAppealRequest } from '../../types/api'
import { request } from './http'
import { citizenRealm } from './session'

export async function createAppeal(body: CreateAppealRequest, idempotencyKey?: string): Promise<Appeal> {
  const header: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}
  return (await request<Appeal>('/appeals', { method: 'POST', data: body, realm: citizenRealm, header })).data
}

export async function listMyAppeals(): Promise<AppealListResponse> {
  return (await request<AppealListResponse>('/appeals', { realm: citizenRealm })).data
}

export async function getAppeal(id: string): Promise<Appeal> {
  return (await request<Appeal>(`/appeals/${encodeURIComponent(id)}`, { realm: citizenRealm })).data
}
