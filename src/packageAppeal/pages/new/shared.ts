import { citizenFileUrl } from '../../../services/session'
import type { UploadState } from '../../../stores/draft'

/** The local file while it uploads or after (sharper, no request), else the stored one. */
export function previewOf(shot: string | null, upload?: UploadState): string | null {
  if (upload?.localPath) return upload.localPath
  return shot ? citizenFileUrl(shot) : null
}
