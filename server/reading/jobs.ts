// The reading queue (issue 13): the uploads table is the queue, this is its runner.
//
// Why no job library (graphile-worker, pg-boss): the job's state already lives on the uploads row the API
// answers from, SQLite needs an in-process runner anyway, and PostgreSQL's FOR UPDATE SKIP LOCKED — the pattern
// the reviewers' claims use — lets several API instances share the work with one UPDATE per claim.
//
// A claim sets reading_locked_until (now + timeout + margin) and counts the attempt. The instance that stored an
// upload wakes its runner at once; every READING_POLL_MS each instance also looks for pending rows (on
// PostgreSQL: other instances' uploads, and rows whose lock ran out because their instance died). A row whose
// lock ran out after MAX_ATTEMPTS claims is failed rather than tried forever. A reader error (crash, timeout,
// unreadable picture) fails the reading at once; the appeal never waits on it.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../config'
import type { Db } from '../db/dialect'
import type { Database } from '../db/schema'
import { evidenceKey, storageFor } from '../storage'
import { readScreenshot } from '../../src/domain/reading'
import type { ReadingFields, ReadingKind } from '../../types/reading'
import { createReaderPool, type ReaderPool } from './pool'
import { encryptReadingFields, recomputeShotMismatch } from './service'
import { onUploadStored } from './wake'

/** claims of one reading before a row whose lock keeps expiring is given up */
export const MAX_ATTEMPTS = 2
/** beyond the reader's own timeout: fetching the bytes and storing the result */
const LOCK_MARGIN_MS = 15_000

export type ReadingConfig = Pick<Config, 'readingWorkers' | 'readingTimeoutMs' | 'readingMaxWidth' | 'readingPollMs'> & Parameters<typeof storageFor>[0]

export interface ReadingRunner {
  /** look for work now (an upload was just stored) */
  wake(): void
  /** stops claiming, lets the readings in flight finish or fail, closes the reader processes */
  close(): Promise<void>
}

interface Claimed {
  id: string
}

/** Gives up rows whose lock expired MAX_ATTEMPTS times, then claims the oldest pending row, or null. */
export async function claimReading(db: Db, timeoutMs: number, now = new Date()): Promise<Claimed | null> {
  const nowIso = now.toISOString()
  const k = db.kysely
  await k
    .updateTable('uploads')
    .set({ reading_status: 'failed', reading_locked_until: null, read_at: nowIso })
    .where('reading_status', '=', 'pending')
    .where('reading_attempts', '>=', MAX_ATTEMPTS)
    .where('reading_locked_until', '<', nowIso)
    .execute()
  let next = k
    .selectFrom('uploads')
    .select('id')
    .where('reading_status', '=', 'pending')
    .where('reading_attempts', '<', MAX_ATTEMPTS)
    .where((eb) => eb.or([eb('reading_locked_until', 'is', null), eb('reading_locked_until', '<', nowIso)]))
    .orderBy('created_at')
    .limit(1)
  // several instances: each skips the rows another is claiming at this moment instead of waiting for them
  if (db.dialect === 'postgres') next = next.forUpdate().skipLocked()
  const row = await k
    .updateTable('uploads')
    .set((eb) => ({
      reading_locked_until: new Date(now.getTime() + timeoutMs + LOCK_MARGIN_MS).toISOString(),
      reading_attempts: eb('reading_attempts', '+', 1)
    }))
    .where('id', '=', next)
    .returning('id')
    .executeTakeFirst()
  return row ?? null
}

/** Stores the outcome and, for an attached screenshot, the appeal's shot_mismatch — one transaction. */
export async function finishReading(
  db: Kysely<Database>,
  id: string,
  outcome: { status: 'done'; kind: ReadingKind; fields: ReadingFields } | { status: 'failed' },
  now = new Date()
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('uploads')
      .set({
        reading_status: outcome.status,
        reading_kind: outcome.status === 'done' ? outcome.kind : null,
        reading_fields: outcome.status === 'done' ? encryptReadingFields(outcome.fields) : null,
        reading_locked_until: null,
        read_at: now.toISOString()
      })
      // another instance that took over an expired lock may have finished first: its answer stands
      .where('id', '=', id)
      .where('reading_status', '=', 'pending')
      .returning('appeal_id')
      .executeTakeFirst()
    if (row?.appeal_id) await recomputeShotMismatch(trx, row.appeal_id, { always: true })
  })
}

/** Gives a claimed reading back (the attempt still counts). */
export async function releaseReading(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('uploads').set({ reading_locked_until: null }).where('id', '=', id).where('reading_status', '=', 'pending').execute()
}

async function bytesOf(config: ReadingConfig, id: string): Promise<Buffer | null> {
  const object = await storageFor(config).get(evidenceKey(id))
  if (!object) return null
  const chunks: Buffer[] = []
  for await (const chunk of object.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}

/** Starts this instance's runner (server/app.ts, only when READING_WORKERS > 0). */
export function startReadingRunner(
  db: Db,
  config: ReadingConfig,
  log: FastifyBaseLogger,
  deps: { pool?: ReaderPool } = {}
): ReadingRunner {
  const pool = deps.pool ?? createReaderPool({ workers: config.readingWorkers, timeoutMs: config.readingTimeoutMs, maxWidth: config.readingMaxWidth })
  const inFlight = new Set<Promise<void>>()
  let closing = false
  let filling = false
  let again = false

  async function read(id: string): Promise<void> {
    try {
      const bytes = await bytesOf(config, id)
      if (!bytes) return await finishReading(db.kysely, id, { status: 'failed' }) // purged meanwhile
      const lines = await pool.read(bytes)
      const { kind, fields } = readScreenshot(lines)
      await finishReading(db.kysely, id, { status: 'done', kind, fields })
    } catch (err) {
      // stopped by our own shutdown: not the screenshot's fault; released, it is read again after the restart
      if (closing) return await releaseReading(db.kysely, id).catch(() => undefined)
      // only the kind of failure: a reader's message could quote what it read
      const reason = (err as { kind?: unknown }).kind ?? (err as { name?: unknown }).name ?? 'error'
      log.warn({ upload: id, reason: String(reason) }, 'screenshot reading failed')
      await finishReading(db.kysely, id, { status: 'failed' }).catch((e: unknown) =>
        log.error({ upload: id, reason: (e as { code?: unknown }).code ?? 'error' }, 'could not store a failed reading (its lock expires)')
      )
    }
  }

  async function fill(): Promise<void> {
    if (filling) {
      again = true
      return
    }
    filling = true
    try {
      while (!closing && inFlight.size < config.readingWorkers) {
        const job = await claimReading(db, config.readingTimeoutMs)
        if (!job) break
        const p: Promise<void> = read(job.id).finally(() => {
          inFlight.delete(p)
          if (!closing) void fill()
        })
        inFlight.add(p)
      }
    } catch (err) {
      log.error({ reason: (err as { code?: unknown }).code ?? (err as Error).name }, 'reading queue: claim failed')
    } finally {
      filling = false
      if (again && !closing) {
        again = false
        void fill()
      }
    }
  }

  // the model loads once per reader (~2 s, more on a busy machine) before its first read: paid at start, not by
  // the first citizen's screenshot nor against that reading's lock
  pool.warm().catch((err: unknown) => log.warn({ reason: (err as { kind?: unknown }).kind ?? 'error' }, 'reader warm-up failed (readers start on first use)'))
  const timer = setInterval(() => void fill(), config.readingPollMs)
  timer.unref()
  const stopWaking = onUploadStored(config, () => void fill())
  void fill()

  return {
    wake: () => void fill(),
    async close() {
      closing = true
      clearInterval(timer)
      stopWaking()
      // the reader processes go first, so a shutdown never waits out a reading (up to READING_TIMEOUT_MS); the
      // readings they drop are released for the next start or another instance
      await pool.close()
      await Promise.allSettled([...inFlight])
    }
  }
}

/** Runs the reading queue from onReady to close when this instance reads (READING_WORKERS > 0). */
export function registerReadingRunner(app: FastifyInstance): void {
  if (app.config.readingWorkers <= 0) return
  let runner: ReadingRunner | null = null
  app.addHook('onReady', async () => {
    runner = startReadingRunner(app.db, app.config, app.log)
  })
  // preClose: before the database closes (onClose), so a reading in flight can still store or release its row
  app.addHook('preClose', async () => {
    await runner?.close()
  })
}
