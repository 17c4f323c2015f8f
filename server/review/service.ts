// Claims with a renewable lease, decisions and releases. Each function owns its transaction. The queue page
// lives in ./queue-page, a supervisor's reassignment in ./reassign, the shared pieces in ./common; all are
// re-exported here for the routes and the sweeps.
import type { Kysely } from 'kysely'
import { NEEDS_INFO_CODES, REJECT_REASON_CODES, type AppealStatus, type ReasonCode } from '../../types/appeal'
import type { DecisionRequest, HeartbeatResponse, ReviewAppealResponse } from '../../types/api'
import { OUTCOME_ACTIONS, canTransition } from '../../src/domain/transitions'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { AppealRow, Database } from '../db/schema'
import { lockKey, type Db } from '../db/dialect'
import { AppError } from '../errors'
import { applyTransition } from '../appeals/transition'
import { inQueueOrder } from '../appeals/queue-order'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { reviewAppealReplay } from '../idempotency/replay'
import { recordAudit } from '../audit/service'
import { inMyDistricts } from '../auth/scope'
import { policyOf } from '../policy/service'
import { actorOf, expireLeases, holdsLive, leaseUntil, view } from './common'

export { expireLeases } from './common'
export { queue, QUEUE_LIMIT, QUEUE_MAX_LIMIT } from './queue-page'
export { reassign } from './reassign'

/**
 * Hands the reviewer the first queued appeal of their districts under the priority rule, or the one they already hold.
 * The pick and the status change are one UPDATE … WHERE id = (SELECT … ORDER BY priority, created_at, id LIMIT 1
 * [FOR UPDATE SKIP LOCKED]), so two claimers — in one process or in two — never get the same row.
 */
export async function claim(db: Db, config: Config, reviewer: ReviewerPrincipal): Promise<ReviewAppealResponse | null> {
  const now = new Date()
  const nowIso = now.toISOString()
  const row = await db.kysely.transaction().execute(async (trx) => {
    // one claim at a time per reviewer, so parallel clicks get the same appeal instead of hoarding several
    await lockKey(trx, db.dialect, `claim:${reviewer.id}`)
    await expireLeases(trx, now)
    const held = await trx
      .selectFrom('appeals')
      .selectAll()
      .where('status', '=', 'in_review')
      .where(holdsLive(reviewer, nowIso))
      .orderBy('created_at')
      .executeTakeFirst()
    if (held) return held
    const first = inQueueOrder(trx.selectFrom('appeals').select('id').where('status', '=', 'queued').where(inMyDistricts(reviewer)))
      .limit(1)
      // PostgreSQL: concurrent claimers skip rows another transaction is taking instead of
      // waiting on them and then finding them gone; SQLite runs one writer at a time anyway.
      .$if(db.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .$asScalar()
    return applyTransition(trx, { id: first, status: 'queued' }, 'claim', actorOf(reviewer), {
      now,
      patch: { claimed_by: reviewer.id, lease_until: leaseUntil(config, now) }
    })
  })
  return row ? view(db.kysely, config, row, now) : null
}

/** Claim a given queued appeal (or get it back when already held). */
export async function claimOne(db: Db, config: Config, reviewer: ReviewerPrincipal, id: string): Promise<ReviewAppealResponse> {
  const now = new Date()
  const nowIso = now.toISOString()
  const row = await db.kysely.transaction().execute(async (trx) => {
    await expireLeases(trx, now)
    const current = await trx.selectFrom('appeals').selectAll().where('id', '=', id).where(inMyDistricts(reviewer)).executeTakeFirst()
    if (!current) throw new AppError('APPEAL_NOT_FOUND')
    if (current.status === 'in_review' && current.claimed_by === reviewer.id && current.lease_until && current.lease_until > nowIso) return current
    if (current.status === 'in_review') throw new AppError('NOT_HOLDING_APPEAL')
    if (!canTransition(current.status as AppealStatus, 'claim')) throw new AppError('TRANSITION_NOT_ALLOWED')
    const claimed = await applyTransition(trx, { id, status: 'queued' }, 'claim', actorOf(reviewer), {
      now,
      patch: { claimed_by: reviewer.id, lease_until: leaseUntil(config, now) }
    })
    if (!claimed) throw new AppError('NOT_HOLDING_APPEAL')
    return claimed
  })
  return view(db.kysely, config, row, now)
}

/** The appeal if it is in the reviewer's districts (else APPEAL_NOT_FOUND) and they hold it now (else NOT_HOLDING_APPEAL). */
async function heldAppeal(trx: Kysely<Database>, reviewer: ReviewerPrincipal, id: string, nowIso: string): Promise<AppealRow> {
  const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).where(inMyDistricts(reviewer)).executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  if (row.status !== 'in_review' || row.claimed_by !== reviewer.id || !row.lease_until || row.lease_until <= nowIso) {
    throw new AppError('NOT_HOLDING_APPEAL')
  }
  return row
}

export async function getHeld(db: Kysely<Database>, config: Config, reviewer: ReviewerPrincipal, id: string): Promise<ReviewAppealResponse> {
  const now = new Date()
  const row = await heldAppeal(db, reviewer, id, now.toISOString())
  return view(db, config, row, now)
}

/** Renews the lease of an appeal the reviewer holds. */
export async function heartbeat(db: Db, config: Config, reviewer: ReviewerPrincipal, id: string): Promise<HeartbeatResponse> {
  const now = new Date()
  const nowIso = now.toISOString()
  const until = leaseUntil(config, now)
  return db.kysely.transaction().execute(async (trx) => {
    await heldAppeal(trx, reviewer, id, nowIso)
    const r = await trx
      .updateTable('appeals')
      .set({ lease_until: until })
      .where('id', '=', id)
      .where('status', '=', 'in_review')
      .where(holdsLive(reviewer, nowIso))
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('NOT_HOLDING_APPEAL')
    return { leaseUntil: until }
  })
}

function reasonFor(req: DecisionRequest): ReasonCode {
  if (req.outcome === 'approved') return 'verified'
  const allowed: readonly string[] = req.outcome === 'rejected' ? REJECT_REASON_CODES : NEEDS_INFO_CODES
  if (!req.reasonCode || !allowed.includes(req.reasonCode)) throw new AppError('REASON_REQUIRED', { field: 'reasonCode' })
  return req.reasonCode
}

export async function decide(
  db: Db,
  config: Config,
  reviewer: ReviewerPrincipal,
  id: string,
  req: DecisionRequest,
  idem: IdempotencyKey | null = null
): Promise<Stored<ReviewAppealResponse>> {
  const reasonCode = reasonFor(req)
  const note = req.note?.trim() || null
  const action = OUTCOME_ACTIONS[req.outcome]
  const now = new Date()
  const nowIso = now.toISOString()
  return idempotent(db, idem, 200, async (trx) => {
    const current = await heldAppeal(trx, reviewer, id, nowIso)
    if (!canTransition(current.status as AppealStatus, action)) throw new AppError('TRANSITION_NOT_ALLOWED')
    const updated = await applyTransition(
      trx,
      { id, status: current.status as AppealStatus, guard: holdsLive(reviewer, nowIso) },
      action,
      actorOf(reviewer),
      {
        now,
        // worded with the limits this server enforces (a test_too_old names its EVIDENCE_MAX_AGE_HOURS)
        note: [reasonText(reasonCode, policyOf(config))?.text, note].filter(Boolean).join('；') || null,
        patch: {
          lease_until: null,
          decision_outcome: req.outcome,
          decision_reason_code: reasonCode,
          decision_note: note,
          decided_at: nowIso,
          decided_by: reviewer.id
        }
      }
    )
    if (!updated) throw new AppError('NOT_HOLDING_APPEAL')
    // audited with the work it records: a replay of this decision does no work and writes no second entry
    await recordAudit(trx, reviewer, 'decide', id, req.outcome)
    return view(trx, config, updated, now)
  }, reviewAppealReplay(config))
}

/** Back to the queue: by its holder, or by a supervisor for anyone's claim. */
export async function release(db: Db, reviewer: ReviewerPrincipal, id: string): Promise<void> {
  const now = new Date()
  const nowIso = now.toISOString()
  await db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).where(inMyDistricts(reviewer)).executeTakeFirst()
    if (!row) throw new AppError('APPEAL_NOT_FOUND')
    const mine = row.claimed_by === reviewer.id
    if (!mine && !reviewer.supervisor) throw new AppError('NOT_HOLDING_APPEAL')
    if (row.status !== 'in_review') throw new AppError(mine ? 'NOT_HOLDING_APPEAL' : 'TRANSITION_NOT_ALLOWED')
    const updated = await applyTransition(
      trx,
      { id, status: 'in_review', guard: mine ? holdsLive(reviewer, nowIso) : (eb) => eb('claimed_by', '=', row.claimed_by) },
      'release',
      actorOf(reviewer),
      { now, note: mine ? '审核员放回队列' : '主管收回，放回队列', patch: { claimed_by: null, lease_until: null } }
    )
    if (!updated) throw new AppError('NOT_HOLDING_APPEAL')
  })
}
