// Plain HTTP for the bench's own calls (setup, claims, open-loop arrivals): keep-alive sockets, the time each
// call took, and the body parsed when it is JSON.
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import { idCheckChar } from '../../src/domain/identity'
import { sleep } from './procs'

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Res = { status: number; body: any; ms: number; headers: http.IncomingHttpHeaders }
export interface ReqOpts {
  token?: string
  body?: unknown
  raw?: Buffer
  headers?: Record<string, string>
}

export function req(base: string, method: string, url: string, opts: ReqOpts = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const u = new URL(base + url)
    const payload = opts.raw ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)))
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    if (payload && !opts.raw) headers['content-type'] = 'application/json'
    if (payload) headers['content-length'] = String(payload.length)
    const r = http.request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text
        try {
          body = text ? JSON.parse(text) : null
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - t0, headers: res.headers })
      })
    })
    r.on('timeout', () => r.destroy(new Error('timeout')))
    r.on('error', reject)
    if (payload) r.write(payload)
    r.end()
  })
}

/** Setup calls: a 503 (shedding after a heavy phase) is retried for a few seconds, as the app would. */
export async function setupReq(base: string, method: string, url: string, opts: ReqOpts = {}): Promise<Res> {
  for (let i = 0; ; i++) {
    const r = await req(base, method, url, opts)
    if (r.status !== 503 || i >= 40) return r
    await sleep(250)
  }
}

export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i], i)
      }
    })
  )
}

export function multipart(file: Buffer, filename: string, type: string): { body: Buffer; contentType: string } {
  const boundary = '----bench' + randomBytes(8).toString('hex')
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A small noise PNG, a different picture for every seed, so no two pre-uploads are the same screenshot. */
export async function tinyPng(seed: number): Promise<Buffer> {
  const w = 40
  const h = 60
  const data = Buffer.alloc(w * h * 3)
  let x = (seed + 1) * 2654435761
  for (let i = 0; i < data.length; i++) {
    x = (x ^ (x << 13)) >>> 0
    x = (x ^ (x >>> 17)) >>> 0
    x = (x ^ (x << 5)) >>> 0
    data[i] = x & 0xff
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer()
}

export const VALID_ID = '11010519491231002' + idCheckChar('11010519491231002')
export const hoursAgo = (h: number): string => new Date(Date.now() - h * 3600_000).toISOString()
