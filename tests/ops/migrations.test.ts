// Migrations: an empty database, one created by the previous schema (only 001 applied, with data), and —
// on PostgreSQL — two processes migrating the same database at once.
import { rm } from 'node:fs/promises'
import type { Kysely } from 'kysely'
import { createDb, type Db } from '../../server/db/dialect'
import { MIGRATIONS, migrate } from '../../server/db/migrate'
import { createTestDatabase } from '../api/pg'
import { tempDir } from './support'

const ALL = MIGRATIONS.map((m) => m.name)

/** A database as the first release left it: only 001 applied, one appeal filed. */
async function previousSchema(db: Db): Promise<void> {
  await db.kysely.schema
    .createTable('schema_migrations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
  await db.kysely.transaction().execute(async (trx) => {
    await MIGRATIONS[0].up(trx as Kysely<any>, db.dialect)
    await trx.insertInto('schema_migrations').values({ name: MIGRATIONS[0].name, applied_at: new Date().toISOString() }).execute()
  })
  const at = '2022-05-01T02:00:00.000Z'
  const k = db.kysely as Kysely<any>
  await k.insertInto('citizens').values({ id: 'c1', wechat_openid_hash: null, created_at: at }).execute()
  await k
    .insertInto('uploads')
    .values({ id: 'u1', owner_id: 'c1', appeal_id: null, mime: 'image/png', width: 40, height: 60, bytes: 100, sha256: 'x', created_at: at })
    .execute()
  await k
    .insertInto('appeals')
    .values({
      id: 'a1',
      tracking_no: 'T1',
      citizen_id: 'c1',
      status: 'queued',
      category: 'medicine',
      district: '朝阳区',
      popup_shot: 'u1',
      applicant_name: 'n',
      applicant_id_number: 'i',
      applicant_phone: 'p',
      statement: 's',
      created_at: at,
      updated_at: at,
      claimed_by: null,
      lease_until: null,
      decision_outcome: null,
      decision_reason_code: null,
      decision_note: null,
      decided_at: null,
      decided_by: null
    })
    .execute()
}

async function appliedNames(db: Db): Promise<string[]> {
  return (await db.kysely.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map((r) => r.name)
}

function suite(open: () => Promise<{ db: () => Db; drop: () => Promise<void> }>): void {
  it('migrates an empty database, and a second run applies nothing', async () => {
    const t = await open()
    try {
      expect(await migrate(t.db())).toEqual(ALL)
      expect(await migrate(t.db())).toEqual([])
      expect(await appliedNames(t.db())).toEqual([...ALL].sort())
    } finally {
      await t.drop()
    }
  })

  it('migrates a database created by the previous schema, keeping its data', async () => {
    const t = await open()
    try {
      await previousSchema(t.db())
      expect(await migrate(t.db())).toEqual(ALL.slice(1))
      expect(await appliedNames(t.db())).toEqual([...ALL].sort())
      const row = await (t.db().kysely as Kysely<any>).selectFrom('appeals').selectAll().where('id', '=', 'a1').executeTakeFirstOrThrow()
      expect(row).toMatchObject({ tracking_no: 'T1', status: 'queued', district: '朝阳区' })
    } finally {
      await t.drop()
    }
  })
}

describe('migrations on SQLite', () => {
  suite(async () => {
    const dir = await tempDir('appeal-mig-')
    const db = createDb({ dataDir: dir, databaseUrl: null })
    return {
      db: () => db,
      drop: async () => {
        await db.kysely.destroy()
        await rm(dir, { recursive: true, force: true })
      }
    }
  })
})

// on whenever a PostgreSQL is offered (TEST_PG_URL), and required in CI (REQUIRE_PG) — like the api-pg project
if (process.env.TEST_PG_URL || process.env.REQUIRE_PG) {
  describe('migrations on PostgreSQL', () => {
    suite(async () => {
      const pg = await createTestDatabase()
      const db = createDb({ dataDir: '/nonexistent', databaseUrl: pg.url })
      return {
        db: () => db,
        drop: async () => {
          await db.kysely.destroy()
          await pg.drop()
        }
      }
    })

    it('two processes starting together: both succeed, each migration applied once', async () => {
      const pg = await createTestDatabase()
      const a = createDb({ dataDir: '/nonexistent', databaseUrl: pg.url })
      const b = createDb({ dataDir: '/nonexistent', databaseUrl: pg.url })
      try {
        const [ra, rb] = await Promise.all([migrate(a), migrate(b)])
        expect([...ra, ...rb].sort()).toEqual([...ALL].sort())
        expect(ra.length === 0 || rb.length === 0).toBe(true) // one migrated, the other found it done
        const rows = await a.kysely.selectFrom('schema_migrations').select('name').execute()
        expect(rows).toHaveLength(ALL.length)
      } finally {
        await a.kysely.destroy()
        await b.kysely.destroy()
        await pg.drop()
      }
    })
  })
}
