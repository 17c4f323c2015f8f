// Numbered, forward-only migrations recorded in schema_migrations; run at start.
import type { Kysely } from 'kysely'
import type { Db, DialectName } from './dialect'
import * as m001 from './migrations/001_init'

interface Migration {
  name: string
  up: (db: Kysely<any>, dialect: DialectName) => Promise<void>
}

/** In order; append new ones, never edit or remove applied ones. */
export const MIGRATIONS: Migration[] = [m001]

export async function migrate(db: Db): Promise<string[]> {
  await db.kysely.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
  const done = new Set((await db.kysely.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name))
  const applied: string[] = []
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue
    await db.kysely.transaction().execute(async (trx) => {
      await m.up(trx as Kysely<any>, db.dialect)
      await trx.insertInto('schema_migrations').values({ name: m.name, applied_at: new Date().toISOString() }).execute()
    })
    applied.push(m.name)
  }
  return applied
}
