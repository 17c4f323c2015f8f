// Group commit (issue 15, server/db/group-commit.ts): transactions that arrive together share one COMMIT on
// SQLite, each is answered only after it, and one failing member undoes only its own writes. The HTTP parts run
// on SQLite and PostgreSQL; the batch counters and the failed-COMMIT case are SQLite's own.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { groupCommitStats } from '../../server/db/dialect'
import type { Database } from '../../server/db/schema'
import { createStore, seedCitizen, seedQueuedAppeals, seedReviewers, seedUploads, type Store } from './child'
import { appealBody, startServer, type TestServer } from './helpers'

let server: TestServer
let store: Store

beforeAll(async () => {
  server = await startServer({ RATE_LIMIT_APPEALS_PER_ADDRESS: '0', RATE_LIMIT_APPEALS_PER_CITIZEN: '0' })
  store = await createStore()
}, 120_000)
afterAll(async () => {
  await server?.close()
  await store?.drop()
})

const sqlite = () => store.db.dialect === 'sqlite'

function insertCitizen(trx: Kysely<Database>, id: string) {
  return trx.insertInto('citizens').values({ id, wechat_openid_hash: null, wechat_openid: null, created_at: new Date().toISOString() }).execute()
}

async function citizenIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const rows = await db.selectFrom('citizens').select('id').where('id', 'in', ids).execute()
  return new Set(rows.map((r) => r.id))
}

it('many concurrent creates are all acknowledged and all present, sharing commits on SQLite', async () => {
  const db = server.app.db.kysely
  const citizen = await seedCitizen(db)
  const uploads = await seedUploads(db, citizen.id, 2 * 60)
  const live = groupCommitStats(server.app.db)
  const before2 = live ? { ...live } : null
  const results = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      fetch(`${server.base}/api/v1/appeals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${citizen.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(appealBody({ popup: uploads[2 * i], tests: [uploads[2 * i + 1]] }))
      }).then(async (r) => ({ status: r.status, body: await r.json() }))
    )
  )
  expect(results.map((r) => r.status)).toEqual(Array(60).fill(201))
  const ids = results.map((r) => r.body.id as string)
  const rows = await db.selectFrom('appeals').select(['id', 'status']).where('id', 'in', ids).execute()
  expect(rows).toHaveLength(60)
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['queued']))
  const after = groupCommitStats(server.app.db)
  if (sqlite()) {
    expect(before2 && after).toBeTruthy()
    const syncs = after!.syncs - before2!.syncs
    const members = after!.members - before2!.members
    expect(members).toBeGreaterThanOrEqual(60)
    // every acknowledged create waited for a WAL sync, and a sync never covers less than one commit; how many
    // share one depends on how much CPU a create costs beside the ~8 ms fsync (the next test pins the sharing)
    expect(syncs).toBeGreaterThan(0)
    expect(syncs).toBeLessThanOrEqual(after!.batches - before2!.batches)
    expect(after!.failedBatches).toBe(before2!.failedBatches)
  } else {
    expect(after).toBeNull()
  }
}, 60_000)

it('concurrent claims hand out distinct appeals, every claim acknowledged is held', async () => {
  const db = server.app.db.kysely
  await seedQueuedAppeals(db, 40, '海淀区')
  const reviewers = await seedReviewers(db, 30, ['海淀区'])
  const claims = await Promise.all(
    reviewers.map((r) =>
      fetch(`${server.base}/api/v1/review/claim`, { method: 'POST', headers: { authorization: `Bearer ${r.token}` } }).then(async (res) => ({
        reviewer: r.id,
        status: res.status,
        body: await res.json()
      }))
    )
  )
  expect(claims.map((c) => c.status)).toEqual(Array(30).fill(200))
  const ids = claims.map((c) => c.body.id as string)
  expect(new Set(ids).size).toBe(30)
  const rows = await db.selectFrom('appeals').select(['id', 'status', 'claimed_by']).where('id', 'in', ids).execute()
  const holder = new Map(rows.map((r) => [r.id, r]))
  for (const c of claims) expect(holder.get(c.body.id)).toMatchObject({ status: 'in_review', claimed_by: c.reviewer })
}, 60_000)

it('a failing transaction undoes only its own writes; it saw them while it ran; its neighbours commit', async () => {
  const db = store.db.kysely
  const ids = Array.from({ length: 5 }, () => randomUUID())
  const existing = randomUUID()
  await insertCitizen(db, existing)
  const seenInside: number[] = []
  const outcomes = await Promise.allSettled(
    ids.map((id, i) =>
      db.transaction().execute(async (trx) => {
        await insertCitizen(trx, id)
        // reads inside a transaction see its own writes
        const own = await trx.selectFrom('citizens').select('id').where('id', '=', id).execute()
        seenInside.push(own.length)
        await insertCitizen(trx, randomUUID())
        if (i === 2) throw new Error('member 2 gives up')
        if (i === 3) await insertCitizen(trx, existing) // a primary-key violation from the database itself
      })
    )
  )
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled'])
  expect(seenInside).toEqual([1, 1, 1, 1, 1])
  expect(await citizenIds(db, ids)).toEqual(new Set([ids[0], ids[1], ids[4]]))
  // a lone write after the batch still lands (the writer was not left inside a broken transaction)
  const late = randomUUID()
  await insertCitizen(db, late)
  expect(await citizenIds(db, [late])).toEqual(new Set([late]))
})

it('SQLite: transactions started together share a commit and a WAL sync, and each resolves only after its sync', async () => {
  if (!sqlite()) return expect(groupCommitStats(store.db)).toBeNull()
  const db = store.db.kysely
  const stats = groupCommitStats(store.db)!
  const before = { ...stats }
  const ids = Array.from({ length: 20 }, () => randomUUID())
  const syncsAtBodyEnd: number[] = []
  const syncsAtResolve: number[] = []
  await Promise.all(
    ids.map(async (id) => {
      await db.transaction().execute(async (trx) => {
        await insertCitizen(trx, id)
        syncsAtBodyEnd.push(stats.syncs)
      })
      // a caller answered before the sync covering its commit would see the counter unchanged
      syncsAtResolve.push(stats.syncs)
    })
  )
  for (let i = 0; i < ids.length; i++) expect(syncsAtResolve[i]).toBeGreaterThan(syncsAtBodyEnd[i])
  expect(stats.members - before.members).toBe(20)
  expect(stats.batches - before.batches).toBeLessThanOrEqual(3)
  expect(stats.syncs - before.syncs).toBeLessThanOrEqual(3)
  expect(await citizenIds(db, ids)).toEqual(new Set(ids))
})

it('SQLite: when the batch COMMIT fails, every member fails and none of their writes remain', async () => {
  if (!sqlite()) return expect(groupCommitStats(store.db)).toBeNull()
  const db = store.db.kysely
  const stats = groupCommitStats(store.db)!
  const failedBefore = stats.failedBatches
  const ids = Array.from({ length: 4 }, () => randomUUID())
  const outcomes = await Promise.allSettled(
    ids.map((id, i) =>
      db.transaction().execute(async (trx) => {
        await insertCitizen(trx, id)
        if (i === 1) {
          // a foreign-key check deferred to the outer COMMIT: the commit itself fails
          await sql`PRAGMA defer_foreign_keys = ON`.execute(trx)
          await trx.insertInto('uploads').values(orphanUpload()).execute()
        }
      })
    )
  )
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
  expect(stats.failedBatches).toBe(failedBefore + 1)
  expect(await citizenIds(db, ids)).toEqual(new Set())
  const late = randomUUID()
  await db.transaction().execute((trx) => insertCitizen(trx, late))
  expect(await citizenIds(db, [late])).toEqual(new Set([late]))
})

/** An upload whose owner does not exist: a foreign-key violation. */
function orphanUpload() {
  return { id: randomUUID(), owner_id: randomUUID(), appeal_id: null, mime: 'image/png', width: 1, height: 1, bytes: 1, sha256: randomUUID(), dhash: null, thumb_mime: null, created_at: new Date().toISOString() }
}

it('PostgreSQL: the pool commits with synchronous_commit on', async () => {
  if (store.db.dialect !== 'postgres') return expect(store.db.dialect).toBe('sqlite')
  const r = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(store.db.kysely)
  expect(r.rows[0].synchronous_commit).toBe('on')
})
