// The one way an appeal changes status: check the transition table (src/domain/transitions),
// update the row guarded by its current status, and append the timeline event — all on the caller's transaction.
import type { Expression, ExpressionBuilder, Kysely, SqlBool, Updateable } from 'kysely'
import type { ActorType, AppealStatus } from '../../types/appeal'
import { nextStatus, type AppealAction } from '../../src/domain/transitions'
import type { AppealRow, AppealsTable, Database } from '../db/schema'
import { AppError } from '../errors'
import { createCorrection } from '../corrections/create'

export interface Actor {
  type: ActorType
  id: string | null
}

export const SYSTEM: Actor = { type: 'system', id: null }

/** The columns a decision writes, emptied: an appeal that goes back to review (filed, supplemented, reopened, still popped) has none. */
export const NO_DECISION = { decision_outcome: null, decision_reason_code: null, decision_note: null, decided_at: null, decided_by: null } as const
/** Held by no reviewer. */
export const UNCLAIMED = { claimed_by: null, lease_until: null } as const

/** The timeline event type written for each action. */
export const EVENT_TYPES: Record<AppealAction, string> = {
  claim: 'claimed',
  release: 'released',
  expire_lease: 'lease_expired',
  approve: 'approved',
  reject: 'rejected',
  request_info: 'info_requested',
  supplement: 'supplemented',
  withdraw: 'withdrawn',
  self_clear: 'self_cleared',
  timeout_needs_info: 'needs_info_timeout',
  still_popped: 'still_popped',
  reopen: 'reopened',
  // the citizen sees it as a rejection like any other (reason and note in the decision)
  correction_reject: 'rejected'
}

export interface TransitionTarget {
  /** the appeal's id, or a subquery selecting one id (the queue claim picks the oldest eligible row this way) */
  id: string | Expression<string>
  /** the status the row must still have; the update matches nothing otherwise */
  status: AppealStatus
  /** further conditions the row must meet, e.g. "held by me with a live lease" */
  guard?: (eb: ExpressionBuilder<Database, 'appeals'>) => Expression<SqlBool>
}

export interface TransitionOptions {
  note?: string | null
  /** other columns to set along with the status (lease, holder, decision) */
  patch?: Omit<Updateable<AppealsTable>, 'status' | 'updated_at' | 'id'>
  now?: Date
}

export async function recordEvent(
  trx: Kysely<Database>,
  e: { appealId: string; at: string; type: string; from: AppealStatus | null; to: AppealStatus | null; actor: Actor; note?: string | null }
): Promise<void> {
  await trx
    .insertInto('appeal_events')
    .values({
      appeal_id: e.appealId,
      at: e.at,
      type: e.type,
      from_status: e.from,
      to_status: e.to,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      note: e.note ?? null
    })
    .execute()
}

/**
 * Applies `action` to the appeal. Throws TRANSITION_NOT_ALLOWED when the table forbids it;
 * returns null when no row matched (another writer got there first, or the guard failed).
 */
export async function applyTransition(
  trx: Kysely<Database>,
  target: TransitionTarget,
  action: AppealAction,
  actor: Actor,
  opts: TransitionOptions = {}
): Promise<AppealRow | null> {
  const to = nextStatus(target.status, action)
  if (!to) throw new AppError('TRANSITION_NOT_ALLOWED')
  const at = (opts.now ?? new Date()).toISOString()
  const row = await trx
    .updateTable('appeals')
    .set({ ...opts.patch, status: to, updated_at: at })
    .where('id', '=', target.id)
    .where('status', '=', target.status)
    .$if(target.guard !== undefined, (qb) => qb.where((eb) => target.guard!(eb)))
    .returningAll()
    .executeTakeFirst()
  if (!row) return null
  await recordEvent(trx, {
    appealId: row.id,
    at,
    type: EVENT_TYPES[action],
    from: target.status,
    to,
    actor,
    note: opts.note
  })
  await enqueueNotification(trx, { appealId: row.id, citizenId: row.citizen_id, event: EVENT_TYPES[action], to, note: opts.note ?? null, at })
  // every approval (single decision, cluster approval, re-approval) hands a correction to the operator (issue 12)
  if (action === 'approve') await createCorrection(trx, row.id, row.decided_at ?? at)
  return row
}

/** One outbox row per status change, written on the same transaction; the dispatcher (server/notify) sends it. */
export async function enqueueNotification(
  trx: Kysely<Database>,
  n: { appealId: string; citizenId: string; event: string; to: AppealStatus | null; note: string | null; at: string }
): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      appeal_id: n.appealId,
      citizen_id: n.citizenId,
      event: n.event,
      to_status: n.to,
      note: n.note,
      state: 'pending',
      attempts: 0,
      next_attempt_at: n.at,
      last_error: null,
      created_at: n.at,
      done_at: null
    })
    .execute()
}
