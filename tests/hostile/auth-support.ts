// Raw HTTP for the auth suites: a chosen source address (any 127.0.0.0/8 address is this machine, so a
// test can be "a proxy on 127.0.0.1" and "a stranger on 127.0.0.2" at once) and any headers, forwarding
// headers included, exactly as a client sends them.
import http from 'node:http'
import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema'

export interface RawRes {
  status: number
  headers: http.IncomingHttpHeaders
  body: any
}

export function raw(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; from?: string } = {}
): Promise<RawRes> {
  const url = new URL(path, base)
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body))
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        localAddress: opts.from,
        // a fresh connection per request: the source address is the point
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...opts.headers
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: any = text
          if ((res.headers['content-type'] ?? '').includes('application/json') && text) body = JSON.parse(text)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** POST /api/v1/reviewer/session */
export function login(
  base: string,
  username: string,
  password: string,
  opts: { headers?: Record<string, string>; from?: string } = {}
): Promise<RawRes> {
  return raw(base, 'POST', '/api/v1/reviewer/session', { ...opts, body: { username, password } })
}

export function forwardedFor(addr: string): { headers: Record<string, string> } {
  return { headers: { 'x-forwarded-for': addr } }
}

/** Audit rows of one action for one login name's HMAC (or every name when subject is omitted). */
export async function auditRows(
  db: Kysely<Database>,
  action: string,
  subject?: string
): Promise<{ subject_hmac: string | null; ip_hmac: string | null; detail: string | null }[]> {
  let q = db.selectFrom('audit_log').select(['subject_hmac', 'ip_hmac', 'detail']).where('action', '=', action)
  if (subject !== undefined) q = q.where('subject_hmac', '=', subject)
  return q.execute()
}

export function count(statuses: number[], status: number): number {
  return statuses.filter((s) => s === status).length
}
