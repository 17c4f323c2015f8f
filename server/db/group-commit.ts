// Group commit on SQLite (issue 15). With synchronous=FULL every COMMIT waits for an fsync, and one
// connection means one commit at a time: under load the fsyncs, not the SQL, set the pace. Here write
// transactions that queue up together run one after another as SAVEPOINTs inside one outer
// BEGIN IMMEDIATE … COMMIT, so one fsync makes the whole batch durable. Each caller's
// transaction().execute() (or single write) resolves only after that COMMIT returned: nothing is
// acknowledged before it is on disk. Reads outside a transaction use a second connection, so they see
// committed data only and never wait behind a batch.
import type SQLite from 'better-sqlite3'
import type { WalSync } from './wal-sync'

export interface GroupCommitOptions {
  /** a batch with this many members commits before the next waiting transaction starts */
  maxBatch: number
  /** a batch open this long commits before the next waiting transaction starts, ms (bounds the wait of its first member) */
  maxDelayMs: number
}

/** Committed batches and the transactions in them: members / batches is the fsyncs saved per commit. */
export interface GroupCommitStats {
  batches: number
  members: number
  failedBatches: number
  /** WAL syncs off the event loop (each covers every batch committed before it started) */
  syncs: number
}

export interface Batch {
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
    private readonly options: GroupCommitOptions,
    private readonly stats: GroupCommitStats,
    /** makes what COMMIT wrote durable; null when COMMIT itself syncs or nothing should (synchronous=NORMAL) */
    private readonly walSync: WalSync | null
  ) {}

  private durable(): Promise<void> {
    if (!this.walSync) return Promise.resolve()
    return this.walSync.durable().finally(() => {
      this.stats.syncs = this.walSync!.syncs
    })
  }

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
      this.stats.batches++
      this.stats.members += batch.members
      this.durable().then(batch.resolve, batch.reject)
    } catch (err) {
      this.rollbackAll()
      this.stats.failedBatches++
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
    this.stats.failedBatches++
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

  /** Lets the next holder in; resolves once what the exclusive user committed is durable. */
  endExclusive(): Promise<void> {
    this.release()
    return this.durable()
  }

  /** On shutdown: wait for the current holder, commit what is open. */
  async close(): Promise<void> {
    await this.acquire()
    const batch = this.batch
    this.commit()
    await batch?.done.catch(() => {})
    await this.walSync?.close()
  }
}
