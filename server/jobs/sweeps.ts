// Background work, each a plain function: main.ts runs them on timers, tests call them directly
// (after back-dating rows — never by waiting).
import type { Kysely } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { storedPriority } from '../../src/domain/priority'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { applyTransition, SYSTEM } from '../appeals/transition'
import { expireLeases } from '../review/service'
import { purgeOrphanUploads } from '../uploads/service'
import { dispatchOutbox } from '../notify/dispatcher'
import { startPushDelivery } from '../corrections/push'
import { runRetention } from '../privacy/service'
import { expireIdempotencyKeys } from '../idempotency/service'

const BATCH = 500

/** needs_info appeals not supplemented within NEEDS_INFO_TIMEOUT_DAYS close as rejected / no_supplement. */
export async function closeUnsupplemented(db: Kysely<Database>, config: Pick<Config, 'needsInfoTimeoutDays'>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - config.needsInfoTimeoutDays * 24 * 3600_000).toISOString()
  const stale = await db.selectFrom('appeals').select('id').where('status', '=', 'needs_info').where('updated_at', '<', before).limit(BATCH).execute()
  let n = 0
  for (const { id } of stale) {
    const row = await db.transaction().execute((trx) =>
      applyTransition(trx, { id, status: 'needs_info', guard: (eb) => eb('updated_at', '<', before) }, 'timeout_needs_info', SYSTEM, {
        now,
        note: reasonText('no_supplement')?.text ?? null,
        patch: {
          decision_outcome: 'rejected',
          decision_reason_code: 'no_supplement',
          decision_note: null,
          decided_at: now.toISOString(),
          decided_by: null,
          retier_at: null
        }
      })
    )
    if (row) n++
  }
  return n
}

/** Appeals whose need-by date has come close move up a tier (retier_at is when that happens). */
export async function retierQueue(db: Kysely<Database>, now = new Date()): Promise<number> {
  const nowIso = now.toISOString()
  const due = await db.selectFrom('appeals').selectAll().where('retier_at', '<=', nowIso).limit(BATCH).execute()
  for (const row of due) {
    const p = storedPriority(row, now)
    await db.updateTable('appeals').set({ priority: p.tier, retier_at: p.recheckAt }).where('id', '=', row.id).where('retier_at', '=', row.retier_at).execute()
  }
  return due.length
}

export interface SweepResult {
  leasesExpired: number
  needsInfoClosed: number
  retiered: number
  uploadsPurged: number
  idempotencyKeysExpired: number
}

export async function runSweeps(db: Db, config: Config, now = new Date()): Promise<SweepResult> {
  const leasesExpired = await db.kysely.transaction().execute((trx) => expireLeases(trx, now))
  const needsInfoClosed = await closeUnsupplemented(db.kysely, config, now)
  const retiered = await retierQueue(db.kysely, now)
  const uploadsPurged = await purgeOrphanUploads(db.kysely, config, now)
  const idempotencyKeysExpired = await expireIdempotencyKeys(db.kysely, now)
  return { leasesExpired, needsInfoClosed, retiered, uploadsPurged, idempotencyKeysExpired }
}

/** Registers the sweep and dispatch timers on app.background (server/ops/background.ts), which stops them on close. main.ts calls this; tests call the functions directly. */
export function startBackgroundJobs(app: FastifyInstance): void {
  app.background.every('appeal-sweeps', app.config.sweepIntervalSeconds * 1000, () => runSweeps(app.db, app.config))
  // retention: screenshots, anonymisation, audit trail, expired sessions (server/privacy/service.ts)
  app.background.every('retention-purge', app.config.retentionIntervalSeconds * 1000, () => runRetention(app.db, app.config))
  app.background.every('notify-dispatch', app.config.dispatchIntervalSeconds * 1000, () => dispatchOutbox(app.db.kysely, app.config))
  // signed webhook deliveries to push operators (issue 12): server/corrections/push.ts
  startPushDelivery(app)
}
