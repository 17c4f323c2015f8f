import type { ErrorBody } from '../../types/api'

/** Every failure the UI sees: HTTP status (0 for network), a stable code and a Chinese message. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string

  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export const NETWORK_MESSAGE = '网络不可用，请检查网络后重试'
const FALLBACK_MESSAGE = '服务器开小差了，请稍后重试'

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
}

/** Turn a non-2xx response (body already parsed or raw text) into an ApiError. */
export function errorFromResponse(status: number, data: unknown): ApiError {
  let body: unknown = data
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data)
    } catch {
      body = null
    }
  }
  const err = (body as Partial<ErrorBody> | null)?.error
  if (err && typeof err.message === 'string') {
    return new ApiError(status, String(err.code ?? 'UNKNOWN'), err.message, err.field)
  }
  if (status === 401) return new ApiError(401, 'UNAUTHENTICATED', '登录已失效，请重新进入')
  if (status === 404) return new ApiError(404, 'NOT_FOUND', '找不到该内容')
  if (status === 429) return new ApiError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试')
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'UNKNOWN', FALLBACK_MESSAGE)
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return networkError()
}
