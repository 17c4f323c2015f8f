// The review queue: filtered keyset pages, atomic claims with a renewable lease, decisions, releases,
// supervisors' reassignment. Each function owns its transaction.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import { APPEAL_STATUSES, NEEDS_INFO_CODES, REJECT_REASON_CODES, type AppealStatus, type ReasonCode } from '../../types/appeal'
import type { DecisionRequest, HeartbeatResponse, QueueQuery, QueueResponse, ReviewAppealResponse } from '../../types/api'
import { OUTCOME_ACTIONS, canTransition } from '../../src/domain/transitions'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { AppealRow, Database } from '../db/schema'
import { lockKey, type Db } from '../db/dialect'
import { AppError } from '../errors'
import { applyTransition, recordEvent, SYSTEM, type Actor } from '../appeals/transition'
import { flagsOf, linksOf, toReviewAppeal, toSummary } from '../appeals/view'
import { notOverdueAt, overdueAt } from '../appeals/overdue'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { reviewAppealReplay } from '../idempotency/replay'
import { recordAudit } from '../audit/service'
import { findReviewerById, toPrincipal } from '../auth/reviewers'
import { inMyDistricts, seesDistrict } from '../auth/scope'
import { reopenProblemForReview } from '../corrections/problems'

export const QUEUE_LIMIT = 50
export const QUEUE_MAX_LIMIT = 200

type AppealsEb = ExpressionBuilder<Database, 'appeals'>

function actorOf(reviewer: ReviewerPrincipal): Actor {
  return { type: 'reviewer', id: reviewer.id }
}

function holdsLive(reviewer: ReviewerPrincipal, nowIso: string) {
  return (eb: AppealsEb): Expression<SqlBool> => eb.and([eb('claimed_by', '=', reviewer.id), eb('lease_until', '>', nowIso)])
}

function leaseUntil(config: Config, now: Date): string {
  return new Date(now.getTime() + config.reviewLeaseMinutes * 60_000).toISOString()
}

function view(db: Kysely<Database>, config: Config, row: AppealRow, now: Date): Promise<ReviewAppealResponse> {
  return toReviewAppeal(db, row, { now, config })
}

/** Stale leases go back to the queue, each with a 'lease_expired' system event. */
export async function expireLeases(trx: Kysely<Database>, now: Date): Promise<number> {
  const nowIso = now.toISOString()
  const stale = await trx
    .selectFrom('appeals')
    .select('id')
    .where('status', '=', 'in_review')
    .where('lease_until', '<', nowIso)
    .limit(500)
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

// ---- the queue page ----

interface Cursor {
  p?: number
  c: string
  i: string
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (typeof c.c !== 'string' || typeof c.i !== 'string' || (c.p !== undefined && typeof c.p !== 'number')) throw new Error('shape')
    return c
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: '分页参数不正确', field: 'cursor' })
  }
}

/**
 * One page of the queue. Ordered by the priority rule (priority, created_at, id) or by age (created_at, id);
 * paged by keyset (the cursor holds the last row's sort key) — never OFFSET.
 */
export async function queue(db: Kysely<Database>, reviewer: ReviewerPrincipal, q: QueueQuery): Promise<QueueResponse> {
  const now = new Date()
  const nowIso = now.toISOString()
  await db.transaction().execute((trx) => expireLeases(trx, now))
  const grouped = await db
    .selectFrom('appeals')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .where(inMyDistricts(reviewer))
    .groupBy('status')
    .execute()
  const counts: Record<string, number> = Object.fromEntries(APPEAL_STATUSES.map((s) => [s, 0]))
  for (const g of grouped) counts[g.status] = Number(g.n)
  const overdueCount = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(overdueAt(nowIso))
    .where(inMyDistricts(reviewer))
    .executeTakeFirstOrThrow()
  counts.overdue = Number(overdueCount.n)

  const status = q.status ?? 'queued'
  const sort = q.sort ?? 'priority'
  const limit = Math.min(q.limit ?? QUEUE_LIMIT, QUEUE_MAX_LIMIT)
  const cursor = q.cursor ? decodeCursor(q.cursor) : null
  let query = db.selectFrom('appeals').selectAll().where('status', '=', status).where(inMyDistricts(reviewer))
  if (q.district) query = query.where('district', '=', q.district)
  if (q.category) query = query.where('category', '=', q.category)
  if (q.overdue === true) query = query.where(overdueAt(nowIso))
  if (q.overdue === false) query = query.where(notOverdueAt(nowIso))
  if (q.flag === 'blocked') query = query.where('blocked_from_testing', '=', 1)
  if (q.flag === 'need_by') query = query.where('need_by_date', 'is not', null)
  if (q.flag === 'urged') query = query.where('urged_at', 'is not', null)
  if (q.flag === 'reused') query = query.where((eb) => eb.exists(eb.selectFrom('appeal_links').select('appeal_id').whereRef('appeal_links.appeal_id', '=', 'appeals.id')))
  if (cursor) {
    if (sort === 'priority') {
      const p = cursor.p ?? 0
      query = query.where(sql<boolean>`(priority, created_at, id) > (${p}, ${cursor.c}, ${cursor.i})`)
    } else {
      query = query.where(sql<boolean>`(created_at, id) > (${cursor.c}, ${cursor.i})`)
    }
  }
  if (sort === 'priority') query = query.orderBy('priority')
  const rows = await query.orderBy('created_at').orderBy('id').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const nextCursor = rows.length > limit && last ? encodeCursor({ ...(sort === 'priority' ? { p: last.priority } : {}), c: last.created_at, i: last.id }) : null
  const links = await linksOf(db, page.map((r) => r.id))
  return {
    counts,
    items: page.map((r) => ({ ...toSummary(r, now), flags: flagsOf(r, links.get(r.id) ?? [], now) })),
    nextCursor
  }
}

// ---- claims ----

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
    const first = trx
      .selectFrom('appeals')
      .select('id')
      .where('status', '=', 'queued')
      .where(inMyDistricts(reviewer))
      .orderBy('priority')
      .orderBy('created_at')
      .orderBy('id')
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

/** Supervisor: hand an appeal (queued or in review) to a reviewer of its district, or back to the queue (null). */
export async function reassign(db: Db, config: Config, supervisor: ReviewerPrincipal, id: string, reviewerId: string | null): Promise<ReviewAppealResponse> {
  const now = new Date()
  const at = now.toISOString()
  const row = await db.kysely.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst()
    if (!current) throw new AppError('APPEAL_NOT_FOUND')
    const status = current.status as AppealStatus
    if (reviewerId === null) {
      if (status !== 'in_review') throw new AppError('TRANSITION_NOT_ALLOWED')
      const released = await applyTransition(trx, { id, status, guard: (eb) => eb('claimed_by', '=', current.claimed_by) }, 'release', actorOf(supervisor), {
        now,
        note: '主管收回，放回队列',
        patch: { claimed_by: null, lease_until: null }
      })
      if (!released) throw new AppError('TRANSITION_NOT_ALLOWED')
      await recordAudit(trx, supervisor, 'reassign', id, JSON.stringify({ from: current.claimed_by, to: null }))
      return released
    }
    const targetRow = await findReviewerById(trx, reviewerId)
    if (!targetRow) throw new AppError('VALIDATION_FAILED', { message: '找不到该审核员', field: 'reviewerId' })
    // a disabled account cannot log in, so an appeal handed to it would sit out its lease unseen
    if (targetRow.disabled_at !== null) throw new AppError('REVIEWER_DISABLED', { field: 'reviewerId' })
    const target = toPrincipal(targetRow)
    // who handed which appeal from whom to whom: in the same transaction as the change, so neither exists alone
    const audit = () => recordAudit(trx, supervisor, 'reassign', id, JSON.stringify({ from: current.claimed_by, to: target.id }))
    if (!seesDistrict(target, current.district)) {
      throw new AppError('VALIDATION_FAILED', { message: '该审核员不负责这条申诉所在的区', field: 'reviewerId' })
    }
    const patch = { claimed_by: target.id, lease_until: leaseUntil(config, now) }
    if (status === 'queued') {
      const claimed = await applyTransition(trx, { id, status }, 'claim', actorOf(supervisor), { now, note: '主管指派', patch })
      if (!claimed) throw new AppError('TRANSITION_NOT_ALLOWED')
      await audit()
      return claimed
    }
    if (status === 'approved') {
      // issue 12: an approval the operator could not apply (not_found / refused) goes back to review with this reviewer
      const reopened = await reopenProblemForReview(trx, db.dialect, supervisor, id, patch, now)
      if (!reopened) throw new AppError('TRANSITION_NOT_ALLOWED')
      await audit()
      return reopened
    }
    if (status !== 'in_review') throw new AppError('TRANSITION_NOT_ALLOWED')
    // same status, new holder: not a status change, but still a timeline event
    const moved = await trx
      .updateTable('appeals')
      .set({ ...patch, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'in_review')
      .returningAll()
      .executeTakeFirst()
    if (!moved) throw new AppError('TRANSITION_NOT_ALLOWED')
    await recordEvent(trx, { appealId: id, at, type: 'reassigned', from: status, to: status, actor: actorOf(supervisor), note: '主管改派' })
    await audit()
    return moved
  })
  return view(db.kysely, config, row, now)
}
