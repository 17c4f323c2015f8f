// Screenshot uploads: Taro.uploadFile (h5 and weapp) with progress, automatic retry of transient failures.
import Taro from '@tarojs/taro'
import type { UploadResponse } from '../../types/api'
import { apiUrl } from './config'
import { ApiError, errorFromResponse, networkError } from './errors'
import { withAuth, type AuthRealm } from './http'
import { citizenRealm } from './session'

export const UPLOAD_ATTEMPTS = 3 // the first try plus 2 automatic retries
/** An attempt with no progress and no answer for this long is given up (and retried): Taro's h5 uploadFile
 * never settles when it cannot read the picked file back from its blob: URL. */
export const UPLOAD_STALL_MS = 30_000

type ProgressTask = {
  onProgressUpdate?: (cb: (r: { progress: number }) => void) => void
  progress?: (cb: (r: { progress: number }) => void) => void
}

function uploadOnce(filePath: string, token: string | null, key: string, onProgress: (pct: number) => void) {
  return new Promise<UploadResponse>((outerResolve, outerReject) => {
    const header: Record<string, string> = { 'Idempotency-Key': key }
    if (token) header.Authorization = `Bearer ${token}`
    let task: (ReturnType<typeof Taro.uploadFile> & ProgressTask) | undefined
    let stall: ReturnType<typeof setTimeout> | undefined
    let done = false
    const resolve = (v: UploadResponse) => {
      done = true
      clearTimeout(stall)
      outerResolve(v)
    }
    const reject = (e: unknown) => {
      done = true
      clearTimeout(stall)
      outerReject(e)
    }
    // (re)started by every progress event; fires only while the attempt is still open
    const arm = () => {
      if (done) return
      clearTimeout(stall)
      stall = setTimeout(() => {
        reject(networkError())
        try {
          task?.abort?.()
        } catch {
          // already finished
        }
      }, UPLOAD_STALL_MS)
    }
    arm()
    try {
      task = Taro.uploadFile({
        url: apiUrl('/uploads'),
        filePath,
        name: 'file',
        header,
        success: (res) => {
          if (res.statusCode >= 200 && res.statusCode < 300) {
            try {
              resolve((typeof res.data === 'string' ? JSON.parse(res.data) : res.data) as UploadResponse)
            } catch {
              reject(new ApiError(res.statusCode, 'INTERNAL', '服务器开小差了，请稍后重试'))
            }
          } else {
            reject(errorFromResponse(res.statusCode, res.data))
          }
        },
        fail: () => reject(networkError())
      }) as ReturnType<typeof Taro.uploadFile> & ProgressTask
    } catch {
      reject(networkError())
      return
    }
    // the returned promise rejects too; its rejection is handled through `fail`
    ;(task as unknown as Promise<unknown>)?.catch?.(() => undefined)
    const listen = task?.onProgressUpdate ?? task?.progress
    listen?.call(task, (r) => {
      arm()
      onProgress(Math.max(0, Math.min(100, Math.round(r.progress))))
    })
  })
}

/** Pause before automatic retry n (1-based): a flaky connection often needs a moment, not an instant retry. */
export const UPLOAD_RETRY_PAUSE_MS = 1000

// 429 is not retried automatically: the limit is per minute, so an instant retry only spends another slot;
// the citizen sees 「请求过于频繁，请稍后再试」 and the 重试 button
function retryable(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 0 || e.status >= 500)
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/**
 * Upload one screenshot; transient failures (network, 5xx) are retried automatically after a growing pause
 * (UPLOAD_ATTEMPTS in all) before the error reaches the caller.
 */
export async function uploadScreenshot(
  filePath: string,
  onProgress: (pct: number, attempt: number) => void,
  realm: AuthRealm = citizenRealm
): Promise<UploadResponse> {
  // one key for every attempt at this screenshot: the server honours it (POST /uploads), so a retry after an
  // answer lost on the way back gets the first upload, not a second copy
  const key = newKey()
  let last: unknown
  for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
    try {
      onProgress(0, attempt)
      return await withAuth(realm, (token) => uploadOnce(filePath, token, key, (p) => onProgress(p, attempt)))
    } catch (e) {
      last = e
      if (!retryable(e) || attempt === UPLOAD_ATTEMPTS) break
      await pause(UPLOAD_RETRY_PAUSE_MS * attempt)
    }
  }
  throw last instanceof ApiError ? last : networkError()
}
