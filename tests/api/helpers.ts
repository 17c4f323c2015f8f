// A real server over HTTP on a fresh temp DATA_DIR, and small helpers that act like the app does.
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { createReviewer } from '../../server/auth/reviewers'
import { startTestApp, type InProcessApp } from '../support/testApp'
import { NO_LOAD_SHEDDING, TEST_DATA_KEY } from '../support/env'
import { idCheckChar } from '../../src/domain/identity'
import type { Category } from '../../types/appeal'
import type { CreateAppealRequest, ErrorBody, ReviewerSessionResponse, TokenResponse, UploadResponse } from '../../types/api'

export const SAMPLES = path.resolve(__dirname, '../fixtures')
export { NO_LOAD_SHEDDING, TEST_DATA_KEY }
export const VALID_ID = '11010519491231002' + idCheckChar('11010519491231002')

export type TestServer = InProcessApp

/** The functional suites' settings on top of tests/support/testApp.ts. */
const API_SUITE_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  // the functional suites file many appeals as one citizen, from one address, within a minute; the upload
  // limits (production defaults) have suites of their own: tests/hostile/input-uploads, tests/security/http
  RATE_LIMIT_UPLOADS_PER_CITIZEN: '0',
  RATE_LIMIT_UPLOADS_PER_ADDRESS: '0',
  // one data key for every server of a test process: the keyring (and so the lookup HMAC) is process-wide
  DATA_KEY: TEST_DATA_KEY,
  // positions asserted right after a write: counted exactly (production serves a ≤ 1 s old snapshot;
  // tests/api/queue.test.ts checks the snapshot against the counts)
  QUEUE_SNAPSHOT_MS: '0'
}

export function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestApp({ tmpPrefix: 'appeal-api-', env: { ...API_SUITE_ENV, ...env } })
}

export interface Res<T = any> {
  status: number
  body: T
  headers: Headers
}

export function client(base: string) {
  async function call<T = any>(
    method: string,
    url: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    if (opts.body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(base + '/api/v1' + url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
    })
    const text = await res.text()
    let body: any = text
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) body = JSON.parse(text)
    return { status: res.status, body, headers: res.headers }
  }

  return {
    call,
    async device(): Promise<string> {
      const r = await call<TokenResponse>('POST', '/session/device')
      expect(r.status).toBe(200)
      return r.body.token
    },
    async upload(token: string, bytes: Buffer, filename = 'shot.png', type = 'image/png'): Promise<Res<UploadResponse & ErrorBody>> {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
      const res = await fetch(base + '/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      return { status: res.status, body: await res.json(), headers: res.headers }
    },
    async uploadOk(token: string, bytes: Buffer): Promise<string> {
      const r = await this.upload(token, bytes)
      expect(r.status).toBe(201)
      return r.body.id
    },
    async reviewerLogin(username: string, password: string): Promise<ReviewerSessionResponse> {
      const r = await call<ReviewerSessionResponse>('POST', '/reviewer/session', { body: { username, password } })
      expect(r.status).toBe(200)
      return r.body
    }
  }
}

export function sample(name: 'popup.png' | 'negative-1.png' | 'negative-2.png'): Buffer {
  return fs.readFileSync(path.join(SAMPLES, name))
}

/** A small real PNG, distinct per seed (pixels from a seeded generator: different bytes and a different picture). */
export async function tinyPng(seed = 0): Promise<Buffer> {
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

export function hoursAgo(h: number): string {
  return new Date(Date.now() - h * 3600_000).toISOString()
}

export function appealBody(shots: { popup: string; tests: string[] }, over: Partial<CreateAppealRequest> = {}): CreateAppealRequest {
  const category: Category = over.category ?? (shots.tests.length >= 2 ? 'travel' : 'medicine')
  return {
    category,
    popupShot: shots.popup,
    negativeTests: shots.tests.map((shot, i) => ({ shot, sampledAt: hoursAgo(shots.tests.length >= 2 && i === 0 ? 30 : 3) })),
    district: '朝阳区',
    applicant: { name: '张三', idNumber: VALID_ID, phone: '13800138000' },
    statement: '只买过哮喘药，核酸阴性后仍弹窗',
    ...over
  }
}

export async function addReviewer(
  server: TestServer,
  username: string,
  opts: { districts?: string[]; supervisor?: boolean } = {}
): Promise<{ username: string; password: string }> {
  const password = 'pass-' + username + '-1234'
  await createReviewer(server.app.db.kysely, { username, password, districts: opts.districts ?? ['朝阳区'], supervisor: opts.supervisor })
  return { username, password }
}

/** Files a medicine appeal with tiny screenshots for a fresh citizen; returns the citizen's token and the appeal id. */
export async function fileQuickAppeal(
  api: ReturnType<typeof client>,
  seed = 0,
  over: Partial<CreateAppealRequest> = {}
): Promise<{ token: string; id: string }> {
  const token = await api.device()
  const popup = await api.uploadOk(token, await tinyPng(seed))
  const neg = await api.uploadOk(token, await tinyPng(seed + 1))
  const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }, over) })
  expect(r.status).toBe(201)
  return { token, id: r.body.id }
}

/** Moves an appeal's clock back: its timestamps (and lease, due time) become `hours` earlier. Never sleep in tests. */
export async function backdate(server: TestServer, id: string, hours: number, fields: ('created_at' | 'updated_at' | 'due_at' | 'lease_until' | 'decided_at' | 'urged_at')[]): Promise<void> {
  const row = await server.app.db.kysely.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const patch: Record<string, string> = {}
  for (const f of fields) {
    const v = row[f]
    if (v) patch[f] = new Date(Date.parse(v) - hours * 3600_000).toISOString()
  }
  await server.app.db.kysely.updateTable('appeals').set(patch).where('id', '=', id).execute()
}

/** Logs a reviewer in and returns their token. */
export async function reviewerToken(server: TestServer, api: ReturnType<typeof client>, username: string, opts: { districts?: string[]; supervisor?: boolean } = {}): Promise<{ token: string; id: string }> {
  const acc = await addReviewer(server, username, opts)
  const s = await api.reviewerLogin(acc.username, acc.password)
  return { token: s.token, id: s.reviewer.id }
}
