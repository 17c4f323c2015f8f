// The end of the loop (issue 12): approved appeals become corrections the health-code operator pulls and
// acknowledges; the citizen follows them until the popup is gone, and may reopen with 「弹窗还在」 (./still-popped;
// what a supervisor does with an answer the operator could not apply is in ./problems). Push (webhook) and the offline batch reuse
// markHandedOver and applyAck, so every channel writes the same rows, events and notifications.
import { sql, type Kysely } from 'kysely'
import type { AppealStatus } from '../../types/appeal'
import {
  type AckResponse,
  type AckResult,
  type Correction,
  type CorrectionFeed,
  type CorrectionItem
} from '../../types/correction'
import type { OperatorPrincipal } from '../context'
import type { CorrectionRow, Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { applicantOf } from '../crypto/keyring'
import { recordAudit } from '../audit/service'
import { enqueueNotification, recordEvent, type Actor } from '../appeals/transition'
import { createCorrection } from './create'

export { createCorrection }
export { correctionView, latestCorrection, latestCorrections, stillPoppedAvailableAt } from './view'

export const FEED_LIMIT = 100
export const FEED_MAX_LIMIT = 500
/** Below every tier of src/domain/priority.ts: a reopened appeal goes to the head of its district's queue. */
export const STILL_POPPED_TIER = -1

/** Correction statuses still in the feed: not acknowledged, not superseded. */
export const OPEN_STATUSES = ['waiting', 'handed_over'] as const

/** Timeline and notification texts (the outbox note is what the citizen's message says). */
export const CORRECTION_NOTES = {
  handed_over: '已转交健康宝运营方，等待解除弹窗',
  popup_cleared: '健康宝运营方已确认弹窗解除',
  popup_not_cleared: '健康宝运营方未能解除弹窗，工作人员将核实处理',
  still_popped: '市民反馈弹窗仍未解除，已重新排队审核',
  retried: '主管复核后重新转交健康宝运营方'
} as const

function operatorActor(op: Pick<OperatorPrincipal, 'id'>): Actor {
  return { type: 'operator', id: op.id }
}

// ---- the operator's feed ----

interface FeedCursor {
  d: string
  i: string
}

function encodeCursor(c: FeedCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(raw: string): FeedCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as FeedCursor
    if (typeof c.d !== 'string' || typeof c.i !== 'string' || c.d.length > 40 || c.i.length > 40) throw new Error('shape')
    return c
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: '分页参数不正确', field: 'after' })
  }
}

/**
 * Marks waiting corrections handed over to `operator` (guarded by status, so of two instances pulling at once
 * exactly one writes each hand-over): timeline event `handed_over` (actor: the operator), a notification.
 * Returns the ids it changed. Call on the caller's transaction (the pull, a webhook delivery, a batch export).
 */
export async function markHandedOver(trx: Kysely<Database>, ids: string[], operator: Pick<OperatorPrincipal, 'id'>, now: Date = new Date()): Promise<string[]> {
  if (ids.length === 0) return []
  const at = now.toISOString()
  const changed = await trx
    .updateTable('corrections')
    .set({ status: 'handed_over', handed_over_at: at, operator_id: operator.id })
    .where('id', 'in', ids)
    .where('status', '=', 'waiting')
    .returning(['id', 'appeal_id'])
    .execute()
  if (changed.length === 0) return []
  const appeals = await trx.selectFrom('appeals').select(['id', 'citizen_id', 'status']).where('id', 'in', changed.map((c) => c.appeal_id)).execute()
  const byId = new Map(appeals.map((a) => [a.id, a]))
  for (const c of changed) {
    const a = byId.get(c.appeal_id)
    if (!a) continue
    const status = a.status as AppealStatus
    await recordEvent(trx, { appealId: a.id, at, type: 'handed_over', from: status, to: status, actor: operatorActor(operator), note: CORRECTION_NOTES.handed_over })
    await enqueueNotification(trx, { appealId: a.id, citizenId: a.citizen_id, event: 'handed_over', to: status, note: CORRECTION_NOTES.handed_over, at })
  }
  return changed.map((c) => c.id)
}

/** The feed's rows: open corrections of appeals that still hold their personal data, in decision order. */
function openCorrections(db: Kysely<Database>) {
  return db
    .selectFrom('corrections')
    .innerJoin('appeals', 'appeals.id', 'corrections.appeal_id')
    .where('corrections.status', 'in', [...OPEN_STATUSES])
    // a citizen who deleted their data (or the retention purge) took the identity with it: nothing to hand over
    .where('appeals.anonymised_at', 'is', null)
}

/** Full items (decrypted identity) for the operator: only ever built here (the feed, push deliveries and batch files use it). */
export async function itemsOf(trx: Kysely<Database>, ids: string[]): Promise<CorrectionItem[]> {
  if (ids.length === 0) return []
  const rows = await trx
    .selectFrom('corrections')
    .innerJoin('appeals', 'appeals.id', 'corrections.appeal_id')
    .select([
      'corrections.id',
      'corrections.appeal_id',
      'corrections.attempt',
      'corrections.decided_at',
      'appeals.tracking_no',
      'appeals.category',
      'appeals.trigger_date',
      'appeals.applicant_name',
      'appeals.applicant_id_number',
      'appeals.applicant_phone'
    ])
    .where('corrections.id', 'in', ids)
    .execute()
  const tests = await trx
    .selectFrom('appeal_tests')
    .select(['appeal_id', 'sampled_at'])
    .where('appeal_id', 'in', rows.map((r) => r.appeal_id))
    .orderBy('appeal_id')
    .orderBy('position')
    .execute()
  const testsOf = new Map<string, { sampledAt: string }[]>()
  for (const t of tests) {
    if (!testsOf.has(t.appeal_id)) testsOf.set(t.appeal_id, [])
    testsOf.get(t.appeal_id)!.push({ sampledAt: t.sampled_at })
  }
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        appealId: r.appeal_id,
        trackingNo: r.tracking_no,
        category: r.category,
        triggerDate: r.trigger_date,
        decidedAt: r.decided_at,
        person: applicantOf(r),
        negativeTests: testsOf.get(r.appeal_id) ?? [],
        attempt: Number(r.attempt)
      } satisfies CorrectionItem
    ])
  )
  return ids.map((id) => byId.get(id)).filter((x): x is CorrectionItem => x !== undefined)
}

/**
 * One page of the feed after `after` (exclusive), oldest decision first. At least once: the cursor walks the
 * decision order, it consumes nothing, so a client that starts again from the beginning sees every item it
 * has not acknowledged. The first pull of an item hands it over; the pull is audited (who, how many, which
 * correction ids — no personal data), all on one transaction.
 */
export async function pullFeed(db: Db, operator: OperatorPrincipal, after: string | null, limit = FEED_LIMIT): Promise<CorrectionFeed> {
  const cursor = after ? decodeCursor(after) : null
  const n = Math.max(1, Math.min(limit, FEED_MAX_LIMIT))
  const now = new Date()
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await openCorrections(trx)
      .select(['corrections.id', 'corrections.status', 'corrections.decided_at'])
      .$if(cursor !== null, (q) => q.where(sql<boolean>`(corrections.decided_at, corrections.id) > (${cursor!.d}, ${cursor!.i})`))
      .orderBy('corrections.decided_at')
      .orderBy('corrections.id')
      .limit(n + 1)
      .execute()
    const page = rows.slice(0, n)
    const ids = page.map((r) => r.id)
    await markHandedOver(trx, page.filter((r) => r.status === 'waiting').map((r) => r.id), operator, now)
    const items = await itemsOf(trx, ids)
    await recordAudit(trx, operator, 'operator_pull', null, JSON.stringify({ operator: operator.name, count: ids.length, ids }), { at: now.toISOString() })
    const last = page[page.length - 1]
    return { items, next: rows.length > n && last ? encodeCursor({ d: last.decided_at, i: last.id }) : null }
  })
}

// ---- acknowledgement ----

const ACK_TO_STATUS: Record<AckResult, 'cleared' | 'not_cleared'> = { cleared: 'cleared', not_found: 'not_cleared', refused: 'not_cleared' }

export async function lockedCorrection(trx: Kysely<Database>, dialect: Db['dialect'], id: string): Promise<CorrectionRow | undefined> {
  return trx
    .selectFrom('corrections')
    .selectAll()
    .where('id', '=', id)
    // PostgreSQL: two acks of one correction (a retry racing the original) queue here; SQLite's BEGIN IMMEDIATE already does
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst()
}

function sameAck(row: CorrectionRow, result: AckResult): AckResponse {
  if (row.result !== result) throw new AppError('ACK_CONFLICT', { message: `该纠错已确认为「${row.result}」，不能改为「${result}」`, field: 'result' })
  return { id: row.id, result, acknowledgedAt: row.acked_at! }
}

/**
 * Applies an operator's answer once. The same result again answers as the first time (nothing written);
 * a different one is ACK_CONFLICT; a correction superseded by 「弹窗还在」 is CORRECTION_CLOSED.
 * cleared → status cleared, event popup_cleared; not_found / refused → not_cleared with the note, event
 * popup_not_cleared, and it lands in the supervisors' problem list.
 */
export async function applyAck(db: Db, id: string, result: AckResult, note: string | null | undefined, operator: OperatorPrincipal): Promise<AckResponse> {
  const cleanNote = note?.trim() || null
  const now = new Date()
  const at = now.toISOString()
  return db.kysely.transaction().execute(async (trx) => {
    const row = await lockedCorrection(trx, db.dialect, id)
    if (!row) throw new AppError('CORRECTION_NOT_FOUND')
    if (row.acked_at) return sameAck(row, result)
    if (row.status === 'superseded') throw new AppError('CORRECTION_CLOSED')
    // answered without a pull (a webhook delivery, a batch file): it was handed over all the same
    if (row.status === 'waiting') await markHandedOver(trx, [row.id], operator, now)
    const status = ACK_TO_STATUS[result]
    const done = await trx
      .updateTable('corrections')
      .set({ status, result, note: cleanNote, acked_at: at, ack_operator_id: operator.id })
      .where('id', '=', id)
      .where('acked_at', 'is', null)
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) {
      const again = await trx.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      if (again.acked_at) return sameAck(again, result)
      throw new AppError('CORRECTION_CLOSED')
    }
    const appeal = await trx.selectFrom('appeals').select(['id', 'citizen_id', 'status']).where('id', '=', row.appeal_id).executeTakeFirstOrThrow()
    const event = status === 'cleared' ? 'popup_cleared' : 'popup_not_cleared'
    const text = status === 'cleared' ? CORRECTION_NOTES.popup_cleared : [CORRECTION_NOTES.popup_not_cleared, cleanNote].filter(Boolean).join('：')
    const appealStatus = appeal.status as AppealStatus
    await recordEvent(trx, { appealId: appeal.id, at, type: event, from: appealStatus, to: appealStatus, actor: operatorActor(operator), note: text })
    await enqueueNotification(trx, { appealId: appeal.id, citizenId: appeal.citizen_id, event, to: appealStatus, note: text, at })
    await trx.updateTable('appeals').set({ updated_at: at }).where('id', '=', appeal.id).execute()
    await recordAudit(trx, operator, 'operator_ack', appeal.id, JSON.stringify({ operator: operator.name, id, result }), { at })
    return { id, result, acknowledgedAt: at }
  })
}
