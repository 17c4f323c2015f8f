// Bulk seeding for the bench: appeals straight into the database (SQLite through better-sqlite3 prepared
// statements in large transactions, PostgreSQL through multi-row INSERTs), BEFORE the server starts.
//
// It survives schema additions: every INSERT goes through a column list read from the live table
// (PRAGMA table_info / information_schema). Columns the seeder knows get realistic values; a column it does
// not know gets NULL when nullable or has a default, else a neutral value of its type ('' / 0). So a new
// migration (priority, due_at, …) needs no change here unless its meaning matters to the bench.
//
// The shape of the data (see docs/scaling.md): a database grows by AGE, not by density. Closed appeals
// (approved / rejected / withdrawn) are decided at a steady city-wide rate (DECISIONS_PER_HOUR) going back in
// time, so 1 M appeals is ~3 weeks of history; the open backlog (queued) is kept at BACKLOG whatever the size.
import fs from 'node:fs'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { encryptApplicant, loadKeyring } from '../server/crypto/keyring'
import { TRACKING_ALPHABET } from '../server/appeals/tracking'
import type { Client } from 'pg'
import { QUICK } from './lib/options'

export const DISTRICTS = [
  '东城区', '西城区', '朝阳区', '丰台区', '石景山区', '海淀区', '门头沟区', '房山区',
  '通州区', '顺义区', '昌平区', '大兴区', '怀柔区', '平谷区', '密云区', '延庆区'
]
/** The servers the bench starts get the same key (DATA_KEY), so seeded rows are already encrypted as theirs. */
export const BENCH_DATA_KEY = Buffer.alloc(32, 7).toString('base64')

/** One encrypted applicant, reused for every seeded row: encrypting a million rows one by one would dominate seeding. */
function seededApplicant() {
  loadKeyring({ dataDir: '/nonexistent-bench-keys', dataKey: BENCH_DATA_KEY, dataKeys: null })
  return encryptApplicant({ name: '张三', idNumber: '11010519491231002X', phone: '13800138000' })
}

// A tier spends up to 4,500 claims (1,500 closed-loop, 3 × 1,000 open-loop) spread over the 16 districts, and its
// 1,500 creates all land in one district; 8,000 leaves every district enough for the next tier after the top-up
// (5,000 ran dry at 100k and 1M: claims answered 204 "queue empty" and measured nothing).
export const BACKLOG = QUICK ? 5000 : 8000
export const DECISIONS_PER_HOUR = 2000
const H = 3600_000

type Row = Record<string, unknown>
interface Column {
  name: string
  type: string
  notNull: boolean
  hasDefault: boolean
}

/** Anything the bench writes into: one table at a time, in batches. */
export interface Sink {
  columns(table: string): Promise<Column[]>
  insert(table: string, cols: string[], rows: unknown[][]): Promise<void>
  count(sql: string): Promise<number>
  close(): Promise<void>
}

function neutral(c: Column): unknown {
  if (!c.notNull || c.hasDefault) return undefined // let NULL / the default apply
  return /int|real|num|serial/i.test(c.type) ? 0 : ''
}

class Writer {
  private cols = new Map<string, Column[]>()
  private pending = new Map<string, Row[]>()
  constructor(
    private sink: Sink,
    private batch: number
  ) {}
  async add(table: string, row: Row): Promise<void> {
    let list = this.pending.get(table)
    if (!list) this.pending.set(table, (list = []))
    list.push(row)
    if (list.length >= this.batch) await this.flush()
  }
  /** every table, parents before children (PostgreSQL checks foreign keys per statement) */
  async flush(): Promise<void> {
    const order = ['citizens', 'reviewers', 'appeals', 'uploads', 'appeal_tests', 'appeal_events', 'sessions']
    const tables = [...this.pending.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    for (const t of tables) {
      const rows = this.pending.get(t)
      if (!rows || rows.length === 0) continue
      this.pending.set(t, [])
      let cols = this.cols.get(t)
      if (!cols) this.cols.set(t, (cols = await this.sink.columns(t)))
      // columns the rows give, plus NOT NULL columns without default the seeder does not know
      const use = cols.filter((c) => c.name in rows[0] || neutral(c) !== undefined)
      const names = use.map((c) => c.name)
      await this.sink.insert(
        t,
        names,
        rows.map((r) => use.map((c) => (c.name in r ? r[c.name] : neutral(c))))
      )
    }
  }
}

export function sqliteSink(file: string): Sink {
  const db = new SQLite(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF') // seeding only; the server reopens with its own (FULL) setting
  db.pragma('cache_size = -400000') // 400 MB page cache while building the indexes
  db.pragma('foreign_keys = OFF')
  const stmts = new Map<string, SQLite.Statement>()
  return {
    async columns(table) {
      const info = db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]
      if (info.length === 0) throw new Error(`seed: table ${table} does not exist (run migrations first)`)
      return info.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk > 0, hasDefault: c.dflt_value !== null || (c.pk > 0 && /int/i.test(c.type)) }))
    },
    async insert(table, cols, rows) {
      const key = `${table}:${cols.join(',')}`
      let st = stmts.get(key)
      if (!st) stmts.set(key, (st = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`)))
      const s = st
      db.transaction(() => {
        for (const r of rows) s.run(r as unknown[])
      })()
    },
    async count(sql) {
      return Number((db.prepare(sql).pluck().get() as number | bigint) ?? 0)
    },
    async close() {
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
      // seeded with synchronous=OFF: left to the kernel's writeback, gigabytes of dirty pages would be flushed
      // by the server's first checkpoint, a one-second fsync inside a measured phase (seen at 1M)
      const fd = fs.openSync(file, 'r')
      try {
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
    }
  }
}

export function pgSink(client: Client): Sink {
  return {
    async columns(table) {
      const r = await client.query(
        `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table]
      )
      if (r.rows.length === 0) throw new Error(`seed: table ${table} does not exist (run migrations first)`)
      return r.rows.map((c) => ({ name: c.column_name, type: c.data_type, notNull: c.is_nullable === 'NO', hasDefault: c.column_default !== null }))
    },
    async insert(table, cols, rows) {
      const per = Math.max(1, Math.floor(60000 / cols.length))
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per)
        const params: unknown[] = []
        const values = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(',')})`)
        await client.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${values.join(',')}`, params)
      }
    },
    async count(sql) {
      const r = await client.query(sql)
      return Number(Object.values(r.rows[0])[0])
    },
    async close() {
      await client.query('ANALYZE')
    }
  }
}

function sha256Hex(v: string): string {
  return createHash('sha256').update(v).digest('hex')
}

// One character longer than the server's random six (server/appeals/tracking.ts), so a seeded number can never
// equal one the API drew during an earlier tier's creates; a full run once failed its top-up on such a clash.
function trackingNo(at: Date, n: number): string {
  const d = new Date(at.getTime() + 8 * H).toISOString()
  let tail = ''
  let x = n
  for (let i = 0; i < 7; i++) {
    tail = TRACKING_ALPHABET[x % TRACKING_ALPHABET.length] + tail
    x = Math.floor(x / TRACKING_ALPHABET.length)
  }
  return `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}-${tail}`
}

export interface Principal {
  id: string
  token: string
}
export interface Seeded {
  total: number
  queued: number
  ms: number
  added: number
  /** citizens (with a live session) who each own one queued appeal: the status-poll population */
  pollers: { token: string; appealId: string }[]
}

/**
 * Brings the database to `total` appeals, the queued backlog to BACKLOG. Returns the tokens of `pollCount`
 * citizens owning queued appeals (sessions written directly: token → SHA-256, as server/auth/sessions.ts).
 */
export async function seedAppeals(sink: Sink, total: number, opts: { pollCount: number; batch?: number; log?: (s: string) => void }): Promise<Seeded> {
  const t0 = Date.now()
  const applicant = seededApplicant()
  const w = new Writer(sink, opts.batch ?? 5000)
  const have = await sink.count('SELECT COUNT(*) FROM appeals')
  const queuedNow = await sink.count(`SELECT COUNT(*) FROM appeals WHERE status = 'queued'`)
  const toAdd = Math.max(0, total - have)
  const queuedAdd = Math.min(toAdd, Math.max(0, BACKLOG - queuedNow))
  const now = Date.now()
  const nowIso = new Date(now).toISOString()
  const expires = new Date(now + 30 * 24 * H).toISOString()
  const pollers: Seeded['pollers'] = []
  // history goes back from the oldest existing history, at the steady decision rate
  const oldest = have > 0 ? await sink.count(`SELECT COUNT(*) FROM appeals WHERE status <> 'queued' AND status <> 'in_review'`) : 0
  let lastLog = Date.now()
  for (let i = 0; i < toAdd; i++) {
    const queued = i < queuedAdd
    const n = have + i
    const district = DISTRICTS[n % DISTRICTS.length]
    const citizenId = randomUUID()
    const id = randomUUID()
    const uploadId = randomUUID()
    let created: number
    let decided: number | null = null
    let status = 'queued'
    if (queued) {
      created = now - ((queuedAdd - i) / queuedAdd) * 6 * H - 60_000 // the backlog: the last 6 hours, oldest first
    } else {
      const k = oldest + (i - queuedAdd)
      decided = now - (k / DECISIONS_PER_HOUR) * H - 60_000
      created = decided - (1 + (k % 23)) * H
      status = k % 10 < 7 ? 'approved' : k % 10 < 9 ? 'rejected' : 'withdrawn'
    }
    const createdIso = new Date(created).toISOString()
    const decidedIso = decided === null ? null : new Date(decided).toISOString()
    const sampled = new Date(created - 3 * H).toISOString()
    await w.add('citizens', { id: citizenId, wechat_openid_hash: null, wechat_openid: null, created_at: createdIso })
    await w.add('uploads', {
      id: uploadId, owner_id: citizenId, appeal_id: id, mime: 'image/png', width: 1080, height: 2340, bytes: 500_000,
      sha256: sha256Hex(uploadId), dhash: null, thumb_mime: 'image/jpeg', created_at: createdIso
    })
    await w.add('appeals', {
      id, tracking_no: trackingNo(new Date(created), n), citizen_id: citizenId, status, category: 'medicine', district,
      popup_shot: uploadId, ...applicant,
      statement: '只买过哮喘药，核酸阴性后仍弹窗', created_at: createdIso, updated_at: decidedIso ?? createdIso,
      claimed_by: null, lease_until: null,
      decision_outcome: status === 'approved' || status === 'rejected' ? status : null,
      decision_reason_code: status === 'approved' ? 'verified' : status === 'rejected' ? 'not_negative' : null,
      decision_note: null, decided_at: status === 'withdrawn' ? null : decidedIso, decided_by: null,
      trigger_date: null, blocked_from_testing: 0, need_by_date: null, need_by_reason: null, priority: 2, retier_at: null,
      due_at: new Date(created + 24 * H).toISOString(), urged_at: null, withdraw_reason: status === 'withdrawn' ? 'other' : null,
      rating_score: null, rating_comment: null, rated_at: null
    })
    await w.add('appeal_tests', { appeal_id: id, position: 0, upload_id: uploadId, sampled_at: sampled })
    await w.add('appeal_events', { appeal_id: id, at: createdIso, type: 'submitted', from_status: null, to_status: 'queued', actor_type: 'citizen', actor_id: citizenId, note: null })
    if (!queued) {
      await w.add('appeal_events', { appeal_id: id, at: decidedIso, type: status === 'withdrawn' ? 'withdrawn' : 'decided', from_status: 'in_review', to_status: status, actor_type: 'system', actor_id: null, note: null })
    }
    if (queued && pollers.length < opts.pollCount) {
      const token = randomBytes(32).toString('base64url')
      await w.add('sessions', { token_hash: sha256Hex(token), kind: 'citizen', subject_id: citizenId, created_at: nowIso, expires_at: expires })
      pollers.push({ token, appealId: id })
    }
    if (opts.log && Date.now() - lastLog > 10_000) {
      lastLog = Date.now()
      opts.log(`  seeding: ${i + 1}/${toAdd} (${Math.round(((i + 1) / (Date.now() - t0)) * 1000)}/s)`)
    }
  }
  await w.flush()
  // pollers when nothing was added (a tier reached already): sessions for existing queued appeals
  if (pollers.length < opts.pollCount) {
    throw new Error(`seed: only ${pollers.length} pollable queued appeals were added; start from a fresh database`)
  }
  return { total: have + toAdd, queued: await sink.count(`SELECT COUNT(*) FROM appeals WHERE status = 'queued'`), ms: Date.now() - t0, added: toAdd, pollers }
}

/** Reviewers (one district each, as community reviewers are) with live sessions; tokens returned. */
export async function seedReviewers(sink: Sink, count: number, prefix: string): Promise<Principal[]> {
  const w = new Writer(sink, 1000)
  const now = new Date().toISOString()
  const expires = new Date(Date.now() + 24 * H).toISOString()
  const out: Principal[] = []
  for (let i = 0; i < count; i++) {
    const id = randomUUID()
    const token = randomBytes(32).toString('base64url')
    await w.add('reviewers', {
      id, username: `${prefix}${i}`, password_hash: 'scrypt$1$1$1$none$none', districts: JSON.stringify([DISTRICTS[i % DISTRICTS.length]]),
      supervisor: 0, created_at: now
    })
    await w.add('sessions', { token_hash: sha256Hex(token), kind: 'reviewer', subject_id: id, created_at: now, expires_at: expires })
    out.push({ id, token })
  }
  await w.flush()
  return out
}
