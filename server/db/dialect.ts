// The only dialect-specific code: how to connect, and the few DDL bits that differ.
// Queries everywhere else are plain kysely and run on SQLite and PostgreSQL unchanged.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type ColumnDefinitionBuilder, type DatabaseConnection, type Dialect, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely'
import type { Config } from '../config'
import type { Database } from './schema'
import { GroupCommitDriver, type GroupCommitDatabases } from './group-commit-driver'
import type { GroupCommitStats } from './group-commit'
import { WalSync } from './wal-sync'

export type DialectName = 'sqlite' | 'postgres'

export interface Db {
  kysely: Kysely<Database>
  dialect: DialectName
}

export function sqliteFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'appeals.sqlite')
}

type SqliteConfig = Pick<Config, 'dataDir'> & Partial<Pick<Config, 'sqliteSynchronous' | 'sqliteGroupCommit' | 'sqliteGroupCommitMaxMs'>>

function openSqlite(config: SqliteConfig): SQLite.Database {
  fs.mkdirSync(config.dataDir, { recursive: true })
  const database = new SQLite(sqliteFile(config))
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  // FULL unless configured: an appeal acknowledged with 201 must survive a power cut (SQLITE_SYNCHRONOUS)
  database.pragma(`synchronous = ${config.sqliteSynchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  return database
}

function sqliteDialect(config: SqliteConfig, stats: GroupCommitStats): Dialect {
  const database = openSqlite(config)
  if (config.sqliteGroupCommit === 'off') return new ImmediateSqliteDialect({ database: cachingPrepare(database) })
  // opened after the writer, which has already switched the file to WAL
  const reader = new SQLite(sqliteFile(config))
  reader.pragma('busy_timeout = 5000')
  reader.pragma('query_only = ON')
  // SQLite keeps the WAL beside the file a symlinked path resolves to, so the sync must open that one
  // FULL durability, but the WAL is synced off the event loop after each batch (server/db/wal-sync.ts)
  // instead of inside COMMIT; every member is answered only after that sync
  const walSync = config.sqliteSynchronous === 'NORMAL' ? null : new WalSync(`${fs.realpathSync(sqliteFile(config))}-wal`)
  if (walSync) database.pragma('synchronous = NORMAL')
  const writerStatements = cachingPrepare(database)
  const dbs = { writer: database, writerStatements, readerStatements: cachingPrepare(reader) }
  const options = { maxBatch: GROUP_COMMIT_MAX_BATCH, maxDelayMs: config.sqliteGroupCommitMaxMs ?? 20 }
  return new GroupCommitSqliteDialect({ database: writerStatements }, new GroupCommitDriver(dbs, options, stats, walSync, () => {
    reader.close()
    database.close()
  }))
}

/** Enough members to amortise the fsync; few enough that the batch's first member is not kept long. */
const GROUP_COMMIT_MAX_BATCH = 64

class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly driver: GroupCommitDriver
  ) {
    super(config)
  }

  createDriver(): Driver {
    return this.driver
  }
}

/**
 * kysely prepares every query anew; on a status poll (about eight small queries) preparing was ~15% of the
 * server's CPU (bench/, docs/scaling.md). Statements are reused by SQL text, at most `max` of them; a
 * statement still busy (a streamed query in progress) is never handed out twice.
 */
function cachingPrepare(database: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => database.close(),
    prepare(query: string) {
      const hit = cache.get(query)
      if (hit && !hit.busy) return hit
      const stmt = database.prepare(query)
      if (!hit) {
        if (cache.size >= max) cache.delete(cache.keys().next().value as string)
        cache.set(query, stmt)
      }
      return stmt
    }
  }
}

/**
 * Every SQLite transaction takes the write lock at BEGIN (BEGIN IMMEDIATE). With several processes on
 * one file (two API instances, a CLI), a deferred transaction that reads and then writes can fail with
 * SQLITE_BUSY_SNAPSHOT instead of waiting; an immediate one waits its turn (busy_timeout).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  createDriver(): Driver {
    const driver = super.createDriver()
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'))
    }
    return driver
  }
}

function postgresDialect(url: string, poolSize: number): Dialect {
  // loaded lazily so SQLite deployments never touch pg
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Pool } = require('pg') as typeof import('pg')
  // synchronous_commit is pinned on: a server or role default of off/local would acknowledge writes that a
  // crash of the database can still lose. PostgreSQL groups concurrent commits' WAL flushes itself.
  const pool = new Pool({ connectionString: url, max: poolSize, options: '-c synchronous_commit=on' })
  // An idle pooled connection can be ended by the server (restart, failover, DROP DATABASE … FORCE).
  // pg then emits 'error' on the pool, which would crash the process if nobody listened; the pool has
  // already discarded that client and the next query opens a fresh one, so there is nothing else to do.
  pool.on('error', () => {})
  return new PostgresDialect({ pool })
}

export function createDb(config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'sqliteSynchronous' | 'sqliteGroupCommit' | 'sqliteGroupCommitMaxMs' | 'databasePoolSize'>>): Db {
  if (config.databaseUrl) {
    return { kysely: new Kysely<Database>({ dialect: postgresDialect(config.databaseUrl, config.databasePoolSize ?? 10) }), dialect: 'postgres' }
  }
  const stats: GroupCommitStats = { batches: 0, members: 0, failedBatches: 0, syncs: 0 }
  const kysely = new Kysely<Database>({ dialect: sqliteDialect(config, stats) })
  if (config.sqliteGroupCommit !== 'off') GROUP_COMMIT_STATS.set(kysely, stats)
  return { kysely, dialect: 'sqlite' }
}

const GROUP_COMMIT_STATS = new WeakMap<Kysely<Database>, GroupCommitStats>()

/** Counters of SQLite group commit (null on PostgreSQL or with SQLITE_GROUP_COMMIT=off). */
export function groupCommitStats(db: Db): Readonly<GroupCommitStats> | null {
  return GROUP_COMMIT_STATS.get(db.kysely) ?? null
}

/** DDL for an auto-incrementing integer primary key. */
export function serialPrimaryKey(dialect: DialectName): {
  type: 'integer' | 'serial'
  build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
} {
  return dialect === 'postgres'
    ? { type: 'serial', build: (c) => c.primaryKey() }
    : { type: 'integer', build: (c) => c.primaryKey().autoIncrement() }
}

/**
 * Serialises transactions that share `key` until the current transaction ends.
 * PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, since every transaction runs
 * on the single writer one after another (with group commit: one savepoint after another).
 */
export async function lockKey(trx: Kysely<Database>, dialect: DialectName, key: string): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
}
