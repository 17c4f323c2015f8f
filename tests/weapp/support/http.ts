// Plain HTTP over node:http for the weapp suite. The simulator's jsdom environment has no fetch, and this is
// what both the test's own calls (creating data as a citizen or reviewer would) and the wx.request /
// wx.uploadFile stand-ins use to reach the live server.
import http from 'node:http'
import { randomBytes } from 'node:crypto'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

export function send(method: string, url: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** A multipart/form-data body with one file part (the shape WeChat's uploadFile sends). */
export function multipart(field: string, filename: string, type: string, bytes: Buffer, extra: Record<string, string> = {}): { body: Buffer; contentType: string } {
  const boundary = `----weapp-suite-${randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(extra)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`))
  parts.push(bytes)
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

export interface JsonResponse<T = any> {
  status: number
  body: T
}

/** The API as a client sees it: JSON in and out under /api/v1, a bearer token when given. */
export function api(base: string) {
  async function call<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    let body: string | undefined
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(opts.body)
    }
    const res = await send(method, `${base}/api/v1${path}`, headers, body)
    let parsed: unknown = res.text
    if (String(res.headers['content-type'] ?? '').includes('application/json') && res.text) parsed = JSON.parse(res.text)
    return { status: res.status, body: parsed as T }
  }

  /** Fails the test with the server's answer when the status is not the expected one. */
  async function ok<T = any>(status: number, method: string, path: string, opts: Parameters<typeof call>[2] = {}): Promise<T> {
    const r = await call<T>(method, path, opts)
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }

  async function upload(token: string, bytes: Buffer, filename: string, type: string): Promise<string> {
    const form = multipart('file', filename, type, bytes)
    const res = await send('POST', `${base}/api/v1/uploads`, { authorization: `Bearer ${token}`, 'content-type': form.contentType }, form.body)
    if (res.status !== 201) throw new Error(`upload: expected 201, got ${res.status} ${res.text}`)
    return (JSON.parse(res.text) as { id: string }).id
  }

  return { call, ok, upload }
}
