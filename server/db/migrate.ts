// Numbered, forward-only migrations recorded in schema_migrations; run at start.
import { sql, type Kysely } from 'kysely'
import type { Db, DialectName } from './dialect'
import type { Database } from './schema'
import * as m001 from './migrations/001_init'
import * as m002 from './migrations/002_lifecycle'
import * as m004 from './migrations/004_audit'
import * as m005 from './migrations/005_privacy'
import * as m006 from './migrations/006_login_throttle'
import * as m007 from './migrations/007_replay_refs_audit_delete'
import * as m008 from './migrations/008_corrections'
import * as m009 from './migrations/009_correction_push'
import * as m010 from './migrations/010_change_feed'
import * as m011 from './migrations/011_readings'

interface Migration {
  name: string
  up: (db: Kysely<any>, dialect: DialectName) => Promise<void>
}

/** In order; append new ones, never edit or remove applied ones. */
export const MIGRATIONS: Migration[] = [m001, m002, m004, m005, m006, m007, m008, m009, m010, m011]

const MIGRATION_LOCK = 'popup-appeal:migrate'

/**
 * Applies pending migrations under a lock, so two processes starting together never both migrate.
 * PostgreSQL: a session advisory lock on one connection (released on unlock or when the connection dies).
 * SQLite: BEGIN IMMEDIATE takes the write lock before reading what is applied (another process waits for
 * busy_timeout); the pending migrations then commit together.
 */
export async function migrate(db: Db): Promise<string[]> {
  return db.kysely.connection().execute(async (conn) => {
    if (db.dialect === 'postgres') {
      await sql`SELECT pg_advisory_lock(hashtextextended(${MIGRATION_LOCK}, 0))`.execute(conn)
      try {
        return await migrateLocked(conn, db.dialect)
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${MIGRATION_LOCK}, 0))`.execute(conn)
      }
    }
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const applied = await migrateLocked(conn, db.dialect)
      await sql`COMMIT`.execute(conn)
      return applied
    } catch (err) {
      await sql`ROLLBACK`.execute(conn)
      throw err
    }
  })
}

async function migrateLocked(k: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  await k.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
  const done = new Set((await k.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name))
  const applied: string[] = []
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue
    const apply = async (trx: Kysely<Database>): Promise<void> => {
      await m.up(trx as Kysely<any>, dialect)
      await trx.insertInto('schema_migrations').values({ name: m.name, applied_at: new Date().toISOString() }).execute()
    }
    // PostgreSQL: one transaction per migration; SQLite: already inside BEGIN IMMEDIATE
    if (dialect === 'postgres') await k.transaction().execute(apply)
    else await apply(k)
    applied.push(m.name)
  }
  return applied
}
