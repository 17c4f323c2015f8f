// The API client: JSON over Taro.request, bearer tokens from an AuthRealm, errors normalised to ApiError.
import Taro from '@tarojs/taro'
import { apiUrl } from './config'
import { ApiError, errorFromResponse, networkError } from './errors'

/** Where a request's bearer token comes from, and how to get a new one. */
export interface AuthRealm {
  token(): string | null
  /** fetch a fresh token (citizen sessions can; reviewer sessions must log in again) */
  renew?: () => Promise<string>
  clear(): void
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH'
  data?: unknown
  realm?: AuthRealm
  header?: Record<string, string>
}

export interface ApiResponse<T> {
  status: number
  data: T
}

// ---- conditional GETs (issue 15) ----
// The last ETag and body per URL: polls send If-None-Match and on 304 reuse the body. Both targets hand the
// 304 to us: wx.request calls success for every HTTP status, and Taro's H5 request (fetch) passes a 304 through
// when the page itself set If-None-Match (statusCode 304, data null). The server binds ETags to the citizen, so
// an entry can never stand for someone else's answer.
const MAX_VALIDATED = 50
const validated = new Map<string, { etag: string; data: unknown }>()

/** Forgets every remembered body (a new session, tests). */
export function clearValidated(): void {
  validated.clear()
}

function etagOf(header: Record<string, unknown> | undefined): string | null {
  if (!header) return null
  for (const [k, v] of Object.entries(header)) if (k.toLowerCase() === 'etag' && typeof v === 'string' && v) return v
  return null
}

function rememberValidated(url: string, etag: string | null, data: unknown): void {
  validated.delete(url)
  if (!etag) return
  if (validated.size >= MAX_VALIDATED) validated.delete(validated.keys().next().value as string)
  validated.set(url, { etag, data })
}

async function send<T>(path: string, opts: RequestOptions, token: string | null): Promise<ApiResponse<T>> {
  const header: Record<string, string> = { Accept: 'application/json', ...opts.header }
  if (opts.data !== undefined) header['Content-Type'] = 'application/json'
  if (token) header.Authorization = `Bearer ${token}`
  const method = opts.method ?? 'GET'
  const url = apiUrl(path)
  const known = method === 'GET' ? validated.get(url) : undefined
  if (known) header['If-None-Match'] = known.etag
  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject>
  try {
    res = await Taro.request({
      url,
      method,
      data: opts.data as Record<string, unknown> | undefined,
      header,
      dataType: 'json',
      responseType: 'text'
    })
  } catch {
    throw networkError()
  }
  const status = res.statusCode
  if (status === 304 && known) return { status: 200, data: known.data as T }
  if (status >= 200 && status < 300) {
    let data: unknown = res.data
    if (typeof data === 'string') {
      try {
        data = data === '' ? null : JSON.parse(data)
      } catch {
        data = null
      }
    }
    if (method === 'GET') rememberValidated(url, etagOf(res.header), data)
    return { status, data: data as T }
  }
  throw errorFromResponse(status, res.data)
}

/** Runs an authorised call; on 401 drops the token, renews it once (when the realm can) and retries. */
export async function withAuth<T>(realm: AuthRealm | undefined, call: (token: string | null) => Promise<T>): Promise<T> {
  if (!realm) return call(null)
  let token = realm.token()
  let renewed = false
  if (!token && realm.renew) {
    token = await realm.renew()
    renewed = true
  }
  try {
    return await call(token)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    realm.clear()
    if (!realm.renew || renewed) throw e
    return call(await realm.renew())
  }
}

export function request<T>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  return withAuth(opts.realm, (token) => send<T>(path, opts, token))
}

/** The URL an <Image> can load (img tags cannot send headers, so the token rides in the query). */
export function fileUrl(id: string, token: string | null): string {
  return `${apiUrl(`/files/${encodeURIComponent(id)}`)}?token=${encodeURIComponent(token ?? '')}`
}
