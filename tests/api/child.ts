// Real server processes (server/main.ts, started by tests/support/testApp.ts) on a store the test owns: for the
// two-instance claim test and the SIGKILL test. The store is SQLite in a temp DATA_DIR, or a fresh PostgreSQL
// database when the api-pg project runs.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { createDb, type Db } from '../../server/db/dialect'
import { migrate } from '../../server/db/migrate'
import type { Database } from '../../server/db/schema'
import { createSession } from '../../server/auth/sessions'
import { tempStore } from '../support/store'
import { startTestApp, type ChildApp } from '../support/testApp'
import { VALID_ID } from './helpers'

export interface Store {
  env: Record<string, string>
  dir: string
  /** a direct connection for seeding and checking (migrated) */
  db: Db
  drop: () => Promise<void>
}

/** One store for several server processes (tests/support/store.ts), migrated and open for seeding. */
export async function createStore(): Promise<Store> {
  const store = await tempStore({ prefix: 'appeal-child-' })
  // bursts from one citizen and one address: the request rate limits are off for these stores
  const env: Record<string, string> = {
    ...store.env,
    RATE_LIMIT_APPEALS_PER_ADDRESS: '0',
    RATE_LIMIT_APPEALS_PER_CITIZEN: '0',
    RATE_LIMIT_UPLOADS_PER_ADDRESS: '0',
    RATE_LIMIT_UPLOADS_PER_CITIZEN: '0',
    RATE_LIMIT_SESSIONS_PER_ADDRESS: '0',
    // appeals are seeded before the first start, and a server refuses to make a receipt key once appeals
    // exist (server/crypto/key-check.ts); instances sharing a store share it anyway (docs/scaling.md)
    RECEIPT_KEY: 'child-store-receipt-key-0123456789abcdef'
  }
  const db = createDb({ dataDir: store.dir, databaseUrl: store.databaseUrl })
  await migrate(db)
  return {
    env,
    dir: store.dir,
    db,
    drop: async () => {
      await db.kysely.destroy()
      await store.drop()
    }
  }
}

export type Child = ChildApp

/** A server process on the store (tests/support/testApp.ts, child mode); `extra` settings have the last word. */
export function startChild(store: Store, extra: Record<string, string> = {}): Promise<Child> {
  return startTestApp({ mode: 'child', logLevel: 'error', env: { ...store.env, ...extra } })
}

export async function stopChild(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await child.stop(signal)
}

/** A citizen with a session token (no HTTP). */
export async function seedCitizen(db: Kysely<Database>): Promise<{ id: string; token: string }> {
  const id = randomUUID()
  await db.insertInto('citizens').values({ id, wechat_openid_hash: null, wechat_openid: null, created_at: new Date().toISOString() }).execute()
  const { token } = await createSession(db, 'citizen', id, 24)
  return { id, token }
}

/** Upload rows owned by the citizen, as if uploaded (filing never reads the bytes). */
export async function seedUploads(db: Kysely<Database>, ownerId: string, n: number): Promise<string[]> {
  const ids: string[] = []
  const now = new Date().toISOString()
  for (let i = 0; i < n; i += 200) {
    const rows = Array.from({ length: Math.min(200, n - i) }, () => {
      const id = randomUUID()
      ids.push(id)
      return { id, owner_id: ownerId, appeal_id: null, mime: 'image/png', width: 40, height: 60, bytes: 100, sha256: randomUUID(), dhash: null, thumb_mime: null, created_at: now }
    })
    await db.insertInto('uploads').values(rows).execute()
  }
  return ids
}

/** Queued appeals inserted directly (the 500-appeal tests would otherwise spend their time uploading). */
export async function seedQueuedAppeals(db: Kysely<Database>, n: number, district = '朝阳区'): Promise<string[]> {
  const citizen = await seedCitizen(db)
  const ids: string[] = []
  const base = Date.now() - n * 1000
  for (let i = 0; i < n; i += 100) {
    const rows = Array.from({ length: Math.min(100, n - i) }, (_, k) => {
      const id = randomUUID()
      ids.push(id)
      const at = new Date(base + (i + k) * 1000).toISOString()
      return {
        id,
        tracking_no: `SEED-${String(i + k).padStart(6, '0')}-${id.slice(0, 4)}`,
        citizen_id: citizen.id,
        status: 'queued',
        category: 'medicine',
        district,
        popup_shot: randomUUID(),
        applicant_name: '张三',
        applicant_id_number: VALID_ID,
        applicant_phone: '13800138000',
        statement: '种子数据',
        created_at: at,
        updated_at: at,
        claimed_by: null,
        lease_until: null,
        decision_outcome: null,
        decision_reason_code: null,
        decision_note: null,
        decided_at: null,
        decided_by: null,
        trigger_date: null,
        blocked_from_testing: (i + k) % 7 === 0 ? 1 : 0,
        need_by_date: null,
        need_by_reason: null,
        priority: (i + k) % 7 === 0 ? 0 : 2,
        retier_at: null,
        due_at: new Date(base + (i + k) * 1000 + 24 * 3600_000).toISOString(),
        urged_at: null,
        withdraw_reason: null,
        rating_score: null,
        rating_comment: null,
        rated_at: null
      }
    })
    await db.insertInto('appeals').values(rows).execute()
  }
  return ids
}

/** Reviewers with session tokens, inserted directly (no password hashing, no login round trips). */
export async function seedReviewers(db: Kysely<Database>, n: number, districts = ['朝阳区']): Promise<{ id: string; token: string }[]> {
  const out: { id: string; token: string }[] = []
  for (let i = 0; i < n; i++) {
    const id = randomUUID()
    await db
      .insertInto('reviewers')
      .values({ id, username: `seed-${i}-${id.slice(0, 6)}`, password_hash: 'disabled', districts: JSON.stringify(districts), supervisor: 0, created_at: new Date().toISOString() })
      .execute()
    const { token } = await createSession(db, 'reviewer', id, 12)
    out.push({ id, token })
  }
  return out
}
