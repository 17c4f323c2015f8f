// Group commit on SQLite (issue 15). With synchronous=FULL every COMMIT waits for an fsync, and one
// connection means one commit at a time: under load the fsyncs, not the SQL, set the pace. Here write
// transactions that queue up together run one after another as SAVEPOINTs inside one outer
// BEGIN IMMEDIATE … COMMIT, so one fsync makes the whole batch durable. Each caller's
// transaction().execute() (or single write) resolves only after that COMMIT returned: nothing is
// acknowledged before it is on disk. Reads outside a transaction use a second connection, so they see
// committed data only and never wait behind a batch.
import type SQLite from 'better-sqlite3'
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult, type SqliteDatabase } from 'kysely'

export interface GroupCommitOptions {
  /** a batch with this many members commits before the next waiting transaction starts */
  maxBatch: number
  /** a batch open this long commits before the next waiting transaction starts, ms (bounds the wait of its first member) */
  maxDelayMs: number
}

export interface GroupCommitDatabases {
  /** the one connection that writes (the raw handle is needed for inTransaction) */
  writer: SQLite.Database
  /** statement-caching view of the writer */
  writerStatements: SqliteDatabase
  /** a second connection on the same file for reads outside transactions */
  readerStatements: SqliteDatabase
}

interface Batch {
  members: number
  openedAt: number
  done: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

function openBatch(): Batch {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const done = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // a batch can fail before any member awaits it; the members that do await still see the error
  done.catch(() => {})
  return { members: 0, openedAt: Date.now(), done, resolve, reject }
}

const MEMBER = 'group_member'

/**
 * The writer, handed to one holder at a time: a member transaction of the open batch, or an exclusive
 * user (DDL, PRAGMA, raw BEGIN as in migrate) that first commits the open batch and then runs in autocommit.
 */
export class WriteLane {
  private busy = false
  private readonly waiting: (() => void)[] = []
  private batch: Batch | null = null
  private flushScheduled = false

  constructor(
    private readonly writer: SQLite.Database,
    private readonly options: GroupCommitOptions
  ) {}

  private exec(statement: string): void {
    this.writer.exec(statement)
  }

  private async acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true
      return
    }
    // release() hands the writer over directly: busy stays true
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) {
      // a steady stream of members must not keep the first ones waiting for their fsync forever
      const batch = this.batch
      if (batch && (batch.members >= this.options.maxBatch || Date.now() - batch.openedAt >= this.options.maxDelayMs)) this.commit()
      next()
      return
    }
    this.busy = false
    if (this.batch) this.scheduleFlush()
  }

  /** Nobody is waiting: commit once this turn of the event loop has started whatever arrived with it. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => {
      this.flushScheduled = false
      if (!this.busy && this.batch) this.commit()
    })
  }

  private commit(): void {
    const batch = this.batch
    if (!batch) return
    this.batch = null
    try {
      this.exec('COMMIT')
      batch.resolve()
    } catch (err) {
      this.rollbackAll()
      batch.reject(err)
    }
  }

  private rollbackAll(): void {
    if (!this.writer.inTransaction) return
    try {
      this.exec('ROLLBACK')
    } catch {
      // the connection already left the transaction; nothing remains to undo
    }
  }

  private fail(batch: Batch, err: unknown): void {
    if (this.batch === batch) this.batch = null
    this.rollbackAll()
    batch.reject(err)
  }

  /** Waits for the writer and starts a member savepoint in the open batch (opening one if needed). */
  async join(): Promise<Batch> {
    await this.acquire()
    try {
      if (!this.batch) {
        // Another process may hold the write lock: BEGIN IMMEDIATE waits for it (busy_timeout).
        this.exec('BEGIN IMMEDIATE')
        this.batch = openBatch()
      }
      this.exec(`SAVEPOINT ${MEMBER}`)
      return this.batch
    } catch (err) {
      if (this.batch && !this.writer.inTransaction) this.fail(this.batch, err)
      this.release()
      throw err
    }
  }

  /** Keeps the member's writes in the batch and lets the next member run; resolves once the batch is durable. */
  leave(batch: Batch): Promise<void> {
    try {
      if (this.batch !== batch || !this.writer.inTransaction) throw new Error('the group-commit batch was rolled back before this transaction ended')
      this.exec(`RELEASE ${MEMBER}`)
    } catch (err) {
      this.fail(batch, err)
      this.release()
      return Promise.reject(err)
    }
    batch.members++
    this.release()
    return batch.done
  }

  /** Undoes this member's writes and only those. If SQLite already rolled the whole batch back, every member fails. */
  abandon(batch: Batch): void {
    try {
      if (this.batch !== batch) return
      if (!this.writer.inTransaction) {
        this.fail(batch, new Error('the group-commit batch was rolled back by SQLite'))
        return
      }
      this.exec(`ROLLBACK TO ${MEMBER}`)
      this.exec(`RELEASE ${MEMBER}`)
    } catch (err) {
      this.fail(batch, err)
    } finally {
      this.release()
    }
  }

  /** The writer alone, in autocommit: the open batch commits first. */
  async exclusive(): Promise<void> {
    await this.acquire()
    this.commit()
  }

  endExclusive(): void {
    this.release()
  }

  /** On shutdown: wait for the current holder, commit what is open. */
  async close(): Promise<void> {
    await this.acquire()
    this.commit()
  }
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

  release(): void {
    if (this.batch) {
      this.lane.abandon(this.batch)
      this.batch = null
    }
    if (this.exclusive) {
      this.exclusive = false
      this.lane.endExclusive()
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
    private readonly closeAll: () => void
  ) {
    this.lane = new WriteLane(dbs.writer, options)
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
    member(connection).release()
  }

  async destroy(): Promise<void> {
    await this.lane.close()
    this.closeAll()
  }
}
