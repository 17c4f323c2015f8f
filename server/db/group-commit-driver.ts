// The kysely side of group commit (server/db/group-commit.ts): which statements join the batch, which go to
// the reader connection, and which need the writer alone.
import type SQLite from 'better-sqlite3'
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult, type SqliteDatabase } from 'kysely'
import type { WalSync } from './wal-sync'
import { WriteLane, type Batch, type GroupCommitOptions, type GroupCommitStats } from './group-commit'

export interface GroupCommitDatabases {
  /** the one connection that writes (the raw handle is needed for inTransaction) */
  writer: SQLite.Database
  /** statement-caching view of the writer */
  writerStatements: SqliteDatabase
  /** a second connection on the same file for reads outside transactions */
  readerStatements: SqliteDatabase
}

function isRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true
  return query.query.kind === 'RawNode' && /^\s*select\b/i.test(query.sql)
}

function isDataChange(query: CompiledQuery): boolean {
  const kind = query.query.kind
  return kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode'
}

function run<R>(database: SqliteDatabase, query: CompiledQuery): QueryResult<R> {
  const stmt = database.prepare(query.sql)
  const params = query.parameters as unknown[]
  if (stmt.reader) return { rows: stmt.all(params) as R[] }
  const { changes, lastInsertRowid } = stmt.run(params)
  return {
    numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
    insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
    rows: []
  }
}

/** One kysely connection: a member of a batch while in a transaction, otherwise routed statement by statement. */
class GroupConnection implements DatabaseConnection {
  batch: Batch | null = null
  private exclusive = false

  constructor(
    private readonly lane: WriteLane,
    private readonly dbs: GroupCommitDatabases
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.batch) {
      // SQLite ends the whole transaction on some errors (I/O, full disk): later statements of this member
      // must not run in autocommit outside the batch
      if (!this.dbs.writer.inTransaction) throw new Error('the group-commit batch was rolled back by SQLite')
      return run<R>(this.dbs.writerStatements, query)
    }
    if (this.exclusive) return run<R>(this.dbs.writerStatements, query)
    if (isRead(query)) return run<R>(this.dbs.readerStatements, query)
    if (isDataChange(query)) {
      // a lone INSERT/UPDATE/DELETE is a one-statement member: it shares the batch's fsync too
      const batch = await this.lane.join()
      let result: QueryResult<R>
      try {
        result = run<R>(this.dbs.writerStatements, query)
      } catch (err) {
        this.lane.abandon(batch)
        throw err
      }
      await this.lane.leave(batch)
      return result
    }
    await this.lane.exclusive()
    this.exclusive = true
    return run<R>(this.dbs.writerStatements, query)
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams SELECT queries only')
    const database = this.batch || this.exclusive ? this.dbs.writerStatements : this.dbs.readerStatements
    for (const row of database.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row as R] }
  }

  async release(): Promise<void> {
    if (this.batch) {
      this.lane.abandon(this.batch)
      this.batch = null
    }
    if (this.exclusive) {
      this.exclusive = false
      await this.lane.endExclusive()
    }
  }
}

function member(connection: DatabaseConnection): GroupConnection {
  return connection as GroupConnection
}

export class GroupCommitDriver implements Driver {
  private readonly lane: WriteLane

  constructor(
    private readonly dbs: GroupCommitDatabases,
    options: GroupCommitOptions,
    stats: GroupCommitStats,
    walSync: WalSync | null,
    private readonly closeAll: () => void
  ) {
    this.lane = new WriteLane(dbs.writer, options, stats, walSync)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GroupConnection(this.lane, this.dbs)
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    member(connection).batch = await this.lane.join()
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = member(connection)
    const batch = c.batch
    c.batch = null
    if (batch) await this.lane.leave(batch)
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = member(connection)
    const batch = c.batch
    c.batch = null
    // after a failed batch COMMIT kysely rolls back too: there is nothing left to undo
    if (batch) this.lane.abandon(batch)
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await member(connection).release()
  }

  async destroy(): Promise<void> {
    await this.lane.close()
    this.closeAll()
  }
}
