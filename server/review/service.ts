// The review queue: counts, atomic claims with a lease, decisions and releases.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import { APPEAL_STATUSES, NEEDS_INFO_CODES, REJECT_REASON_CODES, type AppealStatus, type ReasonCode } from '../../types/appeal'
import type { DecisionRequest, QueueResponse, ReviewAppealResponse } from '../../types/api'
import { OUTCOME_ACTIONS, canTransition } from '../../src/domain/transitions'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { AppealRow, Database } from '../db/schema'
import { lockKey, type Db } from '../db/dialect'
import { AppError } from '../errors'
import { applyTransition, SYSTEM, type Actor } from '../appeals/transition'
import { toReviewAppeal, toSummary } from '../appeals/view'

export const QUEUE_LIMIT = 50

type AppealsEb = ExpressionBuilder<Database, 'appeals'>

/** Rows this reviewer may see: a supervisor sees every district. */
function inMyDistricts(reviewer: ReviewerPrincipal) {
  return (eb: AppealsEb): Expression<SqlBool> => {
    if (reviewer.supervisor) return eb.lit(true)
    if (reviewer.districts.length === 0) return eb.lit(false)
    return eb('district', 'in', reviewer.districts)
  }
}

function actorOf(reviewer: ReviewerPrincipal): Actor {
  return { type: 'reviewer', id: reviewer.id }
}

function holdsLive(reviewer: ReviewerPrincipal, nowIso: string) {
  return (eb: AppealsEb): Expression<SqlBool> => eb.and([eb('claimed_by', '=', reviewer.id), eb('lease_until', '>', nowIso)])
}

/** Stale leases go back to the queue, each with a 'lease_expired' system event. */
export async function expireLeases(trx: Kysely<Database>, now: Date): Promise<number> {
  const nowIso = now.toISOString()
  const stale = await trx
    .selectFrom('appeals')
    .select('id')
    .where('status', '=', 'in_review')
    .where('lease_until', '<', nowIso)
    .execute()
  let n = 0
  for (const { id } of stale) {
    const row = await applyTransition(
      trx,
      { id, status: 'in_review', guard: (eb) => eb('lease_until', '<', nowIso) },
      'expire_lease',
      SYSTEM,
      { now, note: '审核超时，已退回队列', patch: { claimed_by: null, lease_until: null } }
    )
    if (row) n++
  }
  return n
}

export async function queue(
  db: Kysely<Database>,
  reviewer: ReviewerPrincipal,
  status: AppealStatus = 'queued'
): Promise<QueueResponse> {
  const now = new Date()
  await db.transaction().execute((trx) => expireLeases(trx, now))
  const grouped = await db
    .selectFrom('appeals')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .where(inMyDistricts(reviewer))
    .groupBy('status')
    .execute()
  const counts: Record<string, number> = Object.fromEntries(APPEAL_STATUSES.map((s) => [s, 0]))
  for (const g of grouped) counts[g.status] = Number(g.n)
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('status', '=', status)
    .where(inMyDistricts(reviewer))
    .orderBy('created_at')
    .orderBy('id')
    .limit(QUEUE_LIMIT)
    .execute()
  return { counts, items: rows.map(toSummary) }
}

/**
 * Hands the reviewer the oldest queued appeal of their districts, or the one they already hold.
 * The pick and the status change are one UPDATE … WHERE id = (SELECT … ORDER BY created_at LIMIT 1),
 * so two claimers never get the same row.
 */
export async function claim({ kysely: db, dialect }: Db, config: Config, reviewer: ReviewerPrincipal): Promise<ReviewAppealResponse | null> {
  const now = new Date()
  const nowIso = now.toISOString()
  const row = await db.transaction().execute(async (trx) => {
    // one claim at a time per reviewer, so parallel clicks get the same appeal instead of hoarding several
    await lockKey(trx, dialect, `claim:${reviewer.id}`)
    await expireLeases(trx, now)
    const held = await trx
      .selectFrom('appeals')
      .selectAll()
      .where('status', '=', 'in_review')
      .where(holdsLive(reviewer, nowIso))
      .orderBy('created_at')
      .executeTakeFirst()
    if (held) return held
    const oldest = trx
      .selectFrom('appeals')
      .select('id')
      .where('status', '=', 'queued')
      .where(inMyDistricts(reviewer))
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      // PostgreSQL: concurrent claimers skip rows another transaction is taking instead of
      // waiting on them and then finding them gone; SQLite runs one writer at a time anyway.
      .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .$asScalar()
    return applyTransition(trx, { id: oldest, status: 'queued' }, 'claim', actorOf(reviewer), {
      now,
      patch: { claimed_by: reviewer.id, lease_until: new Date(now.getTime() + config.reviewLeaseMinutes * 60_000).toISOString() }
    })
  })
  return row ? toReviewAppeal(db, row, { now, maxAgeHours: config.evidenceMaxAgeHours }) : null
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
  return toReviewAppeal(db, row, { now, maxAgeHours: config.evidenceMaxAgeHours })
}

function reasonFor(req: DecisionRequest): ReasonCode {
  if (req.outcome === 'approved') return 'verified'
  const allowed: readonly string[] = req.outcome === 'rejected' ? REJECT_REASON_CODES : NEEDS_INFO_CODES
  if (!req.reasonCode || !allowed.includes(req.reasonCode)) throw new AppError('REASON_REQUIRED', { field: 'reasonCode' })
  return req.reasonCode
}

export async function decide(
  db: Kysely<Database>,
  config: Config,
  reviewer: ReviewerPrincipal,
  id: string,
  req: DecisionRequest
): Promise<ReviewAppealResponse> {
  const reasonCode = reasonFor(req)
  const note = req.note?.trim() || null
  const action = OUTCOME_ACTIONS[req.outcome]
  const now = new Date()
  const nowIso = now.toISOString()
  const row = await db.transaction().execute(async (trx) => {
    const current = await heldAppeal(trx, reviewer, id, nowIso)
    if (!canTransition(current.status as AppealStatus, action)) throw new AppError('TRANSITION_NOT_ALLOWED')
    const updated = await applyTransition(
      trx,
      { id, status: current.status as AppealStatus, guard: holdsLive(reviewer, nowIso) },
      action,
      actorOf(reviewer),
      {
        now,
        note: [reasonText(reasonCode)?.text, note].filter(Boolean).join('；') || null,
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
    return updated
  })
  return toReviewAppeal(db, row, { now, maxAgeHours: config.evidenceMaxAgeHours })
}

export async function release(db: Kysely<Database>, reviewer: ReviewerPrincipal, id: string): Promise<void> {
  const now = new Date()
  const nowIso = now.toISOString()
  await db.transaction().execute(async (trx) => {
    await heldAppeal(trx, reviewer, id, nowIso)
    const updated = await applyTransition(
      trx,
      { id, status: 'in_review', guard: holdsLive(reviewer, nowIso) },
      'release',
      actorOf(reviewer),
      { now, note: '审核员放回队列', patch: { claimed_by: null, lease_until: null } }
    )
    if (!updated) throw new AppError('NOT_HOLDING_APPEAL')
  })
}
