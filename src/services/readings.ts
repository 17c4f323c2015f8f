// What the server read from one of the citizen's uploads (issue 13): GET /api/v1/uploads/:id.
// Only the appeal form imports this, so it ships in the form's subpackage.
import type { UploadInfoResponse } from '../../types/reading'
import { request } from './http'
import { citizenRealm } from './session'

export async function getUploadInfo(id: string): Promise<UploadInfoResponse> {
  return (await request<UploadInfoResponse>(`/uploads/${encodeURIComponent(id)}`, { realm: citizenRealm })).data
}
