// Every route, walked: each path parameter, query parameter and JSON string field has a shape in its schema
// (server/validation/schemas.ts), and a malformed value — NUL, a traversal, invalid percent-encoding, junk —
// is a 400 with the API's error body before any query runs (on PostgreSQL a NUL in a path used to be a 500).
// The walk reads the route list from the OpenAPI document the server generates from those same schemas, so a
// route added without shapes fails here.
import { client, fileQuickAppeal, reviewerToken } from '../api/helpers'
import { auth, send, startLoggedServer, type LoggedServer } from './input-support'
import { createOperator } from '../../server/corrections/operators'

let server: LoggedServer
let api: ReturnType<typeof client>
let citizen: string
let supervisor: string
let operatorKey: string
let appealId: string
let doc: any

beforeAll(async () => {
  server = await startLoggedServer()
  api = client(server.base)
  const filed = await fileQuickAppeal(api, 500)
  citizen = filed.token
  appealId = filed.id
  supervisor = (await reviewerToken(server, api, 'params-sup', { supervisor: true })).token
  operatorKey = (await createOperator(server.app.db.kysely, { name: 'params-operator' })).key
  doc = await (await fetch(`${server.base}/api/docs/json`)).json()
})
afterAll(() => server.close())

const SHAPED_FORMATS = ['calendar-date', 'instant', 'line-text', 'multiline-text']

/** "" when the schema gives a string a shape (pattern, one of our formats, an enum, a const); else why not */
function unshapedStrings(schema: any, where: string): string[] {
  if (!schema || typeof schema !== 'object') return []
  const out: string[] = []
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const s of schema[key] ?? []) out.push(...unshapedStrings(s, where))
  if (schema.type === 'string' && !schema.pattern && !schema.enum && schema.const === undefined && !SHAPED_FORMATS.includes(schema.format)) out.push(where)
  if (schema.type === 'object') for (const [k, s] of Object.entries<any>(schema.properties ?? {})) out.push(...unshapedStrings(s, `${where}.${k}`))
  if (schema.type === 'array') out.push(...unshapedStrings(schema.items, `${where}[]`))
  return out
}

function operations(): { method: string; path: string; op: any }[] {
  const out: { method: string; path: string; op: any }[] = []
  for (const [p, ops] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(ops)) out.push({ method: m.toUpperCase(), path: p, op })
  return out
}

it('every path and query parameter and every JSON string field of every route has a shape', () => {
  const ops = operations()
  expect(ops.length).toBeGreaterThan(30)
  const unshaped: string[] = []
  let params = 0
  for (const { method, path, op } of ops) {
    for (const p of op.parameters ?? []) {
      if (p.in === 'header') continue
      params++
      unshaped.push(...unshapedStrings(p.schema, `${method} ${path} ${p.in}:${p.name}`))
    }
    const body = op.requestBody?.content?.['application/json']?.schema
    unshaped.push(...unshapedStrings(body, `${method} ${path} body`))
  }
  expect(params).toBeGreaterThan(30)
  expect(unshaped).toEqual([])
})

function tokenFor(path: string): string {
  // the operator realm (issue 12) takes operator keys only
  if (path.startsWith('/api/v1/operator/')) return operatorKey
  return /^\/api\/v1\/(appeals|files|me|uploads)/.test(path) ? citizen : supervisor
}

const MALFORMED_IDS = ['a%00b', '%00', `${'0'.repeat(8)}-0000-0000-0000-00000000000%00`, '..%2F..%2Fetc%2Fpasswd', "1'%20OR%20'1'='1", 'x'.repeat(90), '%E2%80%AE123']

it(`every route with a path parameter: ${MALFORMED_IDS.length} malformed values each → 400 VALIDATION_FAILED naming the parameter, never a 500`, async () => {
  const withParams = operations().filter((o) => /\{\w+\}/.test(o.path))
  expect(withParams.length).toBeGreaterThan(15)
  const wrong: string[] = []
  for (const { method, path } of withParams) {
    const name = /\{(\w+)\}/.exec(path)![1]
    for (const bad of MALFORMED_IDS) {
      const url = path.replace(`{${name}}`, bad)
      const r = await send(server.base, method, url, { headers: { ...auth(tokenFor(path)), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, body: method === 'POST' ? Buffer.from('{}') : undefined })
      if (r!.status !== 400 || r!.body.error?.code !== 'VALIDATION_FAILED' || r!.body.error?.field !== name || !r!.body.error?.requestId) {
        wrong.push(`${method} ${url} → ${r!.status} ${JSON.stringify(r!.body).slice(0, 120)}`)
      }
    }
  }
  expect(wrong).toEqual([])
})

it('a path that is not valid percent-encoded UTF-8 → 400 in the API error shape, with a request id', async () => {
  for (const url of ['/api/v1/appeals/%FF', '/api/v1/appeals/%E4%B8', '/api/v1/files/%C0%AF', '/api/v1/appeals/by-tracking/%ED%A0%80']) {
    const r = await send(server.base, 'GET', url, { headers: auth(citizen) })
    expect(r!.status).toBe(400)
    expect(r!.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/[\u4e00-\u9fff]/), requestId: expect.any(String) })
  }
})

it('query strings: NUL, junk and unknown parameters → 400 with the parameter named; the real ones still answer', async () => {
  const bad: [string, string, string][] = [
    ['/api/v1/review/queue?cursor=%00', 'cursor', supervisor],
    ['/api/v1/review/queue?cursor=eyJ9%00', 'cursor', supervisor],
    ['/api/v1/review/queue?district=%E6%9C%9D%E9%98%B3%E5%8C%BA%00', 'district', supervisor],
    ['/api/v1/review/queue?status=queued%00', 'status', supervisor],
    ['/api/v1/review/queue?limit=0', 'limit', supervisor],
    ['/api/v1/review/queue?limit=1e3', 'limit', supervisor],
    ['/api/v1/review/queue?debug=1', 'debug', supervisor],
    ['/api/v1/review/audit?actorId=a%00b', 'actorId', supervisor],
    ['/api/v1/review/audit?cursor=-1', 'cursor', supervisor],
    ['/api/v1/review/audit?action=login%00', 'action', supervisor],
    [`/api/v1/files/${appealId}?token=%00`, 'token', citizen],
    [`/api/v1/files/${appealId}?size=full%00`, 'size', citizen]
  ]
  const wrong: string[] = []
  for (const [url, field, token] of bad) {
    const r = await send(server.base, 'GET', url, { headers: auth(token) })
    if (r!.status !== 400 || r!.body.error?.field !== field) wrong.push(`${url} → ${r!.status} ${JSON.stringify(r!.body).slice(0, 120)}`)
  }
  expect(wrong).toEqual([])
  const ok = await send(server.base, 'GET', `/api/v1/review/queue?district=${encodeURIComponent('朝阳区')}&status=queued&limit=5`, { headers: auth(supervisor) })
  expect(ok!.status).toBe(200)
  expect(ok!.body.items.map((i: any) => i.id)).toContain(appealId)
})

it('tracking numbers: by shape (either case, surrounding spaces forgiven); anything else is a 400 before the lookup', async () => {
  const mine = await api.call('GET', `/appeals/${appealId}`, { token: citizen })
  const no: string = mine.body.trackingNo
  for (const variant of [no, no.toLowerCase(), `%20${no}%20`]) {
    const r = await send(server.base, 'GET', `/api/v1/appeals/by-tracking/${variant}`, { headers: auth(citizen) })
    expect(r!.status).toBe(200)
    expect(r!.body.id).toBe(appealId)
  }
  for (const bad of [`${no}%00`, no.replace('-', ''), `${no.slice(0, 7)}OOOOOO`, `${no}X`]) {
    const r = await send(server.base, 'GET', `/api/v1/appeals/by-tracking/${bad}`, { headers: auth(citizen) })
    expect(r!.status).toBe(400)
    expect(r!.body.error.field).toBe('trackingNo')
  }
  // a well-shaped number that is not this citizen's: the usual not-found
  const other = await send(server.base, 'GET', `/api/v1/appeals/by-tracking/${no.slice(0, 7)}${no.slice(7) === '222222' ? '333333' : '222222'}`, { headers: auth(citizen) })
  expect(other!.status).toBe(404)
})

it('the public receipt page: control characters in the token → 400; any other junk gets the human "invalid" page', async () => {
  const nul = await send(server.base, 'GET', '/verify/abc%00def')
  expect(nul!.status).toBe(400)
  expect(nul!.body.error.code).toBe('INVALID_CHARACTERS')
  const junk = await send(server.base, 'GET', '/verify/%3Cscript%3E')
  expect(junk!.status).toBe(200)
  expect(junk!.headers['x-receipt-valid']).toBe('0')
})

it('none of the walk was a server error', () => {
  const logs = server.logs()
  expect(logs.filter((l) => l.level >= 50)).toEqual([])
  expect(logs.filter((l) => (l.res as any)?.statusCode >= 500)).toEqual([])
})
