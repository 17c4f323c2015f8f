// Push mode (issue 12): operators with a webhook URL receive each open correction as a signed POST instead of
// (or as well as) pulling the feed. The delivery outbox is correction_deliveries (migration 009), one row per
// (correction, operator), drained like the notification outbox (server/notify/dispatcher.ts): a row is taken
// by moving its next_attempt_at forward in a guarded UPDATE, so several API processes can run the loop and
// still send each row from one of them at a time; a failure retries with exponential backoff.
//
// Rows are enqueued by the loop itself from the corrections table (every open correction × every push
// operator, ON CONFLICT DO NOTHING), not on the approving transaction: the corrections table already is the
// durable record, a crash between approval and enqueue loses nothing, and an operator that adds a webhook
// later receives the backlog of unanswered corrections too.
//
// The body is the feed's item (types/correction.ts CorrectionItem), signed (server/corrections/signing.ts).
// A 2xx from the receiver hands the correction over (markHandedOver, timeline handed_over); the receiver may
// answer {"result": "cleared"|"not_found"|"refused", "note"?} in that 2xx body (applied through applyAck) or
// call the ack route later. Nothing the receiver answers is logged or stored beyond its status code.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { ACK_RESULTS, type AckResult, type CorrectionItem } from '../../types/correction'
import { isCleanText } from '../../src/domain/text'
import type { OperatorPrincipal } from '../context'
import type { Db } from '../db/dialect'
import type { Database } from '../db/schema'
import { recordAudit } from '../audit/service'
import { applyAck, itemsOf, markHandedOver, OPEN_STATUSES } from './service'
import { openSecret, SIGNATURE_HEADER, signatureHeader } from './signing'

export { checkWebhookUrl, configureOperatorSigning } from './webhook-settings'

export const PUSH_TIMEOUT_MS = 10_000
export const PUSH_BACKOFF_BASE_SECONDS = 10
/** a receiver that is down for a day is retried every 15 min, never given up: the correction must get there */
export const PUSH_BACKOFF_MAX_SECONDS = 900
const TAKE_SECONDS = 60
const BATCH = 50
/** an inline answer larger than this is not read (the hand-over still counts) */
const MAX_REPLY_BYTES = 16 * 1024

export function pushBackoffSeconds(failures: number): number {
  return Math.min(PUSH_BACKOFF_BASE_SECONDS * 2 ** Math.max(0, failures - 1), PUSH_BACKOFF_MAX_SECONDS)
}

// ---- the delivery loop ----

/**
 * Open corrections × active push operators that have no delivery row yet ('any delivery': what the loop must
 * enqueue) or none delivered ('a delivered one': the backlog).
 */
function pairsWithout(k: Kysely<Database>, missing: 'any delivery' | 'a delivered one') {
  return k
    .selectFrom('corrections')
    .innerJoin('appeals', 'appeals.id', 'corrections.appeal_id')
    .innerJoin('operators', (j) => j.on(sql<boolean>`1 = 1`))
    .where('corrections.status', 'in', [...OPEN_STATUSES])
    .where('appeals.anonymised_at', 'is', null)
    .where('operators.webhook_url', 'is not', null)
    .where('operators.disabled_at', 'is', null)
    .where(({ not, exists, selectFrom }) => {
      const row = selectFrom('correction_deliveries as d')
        .select(sql.lit(1).as('one'))
        .whereRef('d.correction_id', '=', 'corrections.id')
        .whereRef('d.operator_id', '=', 'operators.id')
      return not(exists(missing === 'any delivery' ? row : row.where('d.state', '=', 'delivered')))
    })
}

/** Every open correction × every active push operator that has no delivery row yet becomes a pending row. */
export async function enqueuePushDeliveries(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const at = now.toISOString()
  const r = await db
    .insertInto('correction_deliveries')
    .columns(['correction_id', 'operator_id', 'state', 'attempts', 'failures', 'next_attempt_at', 'created_at'])
    .expression(
      pairsWithout(db, 'any delivery').select([
        'corrections.id',
        'operators.id',
        sql.lit('pending').as('state'),
        sql.lit(0).as('attempts'),
        sql.lit(0).as('failures'),
        sql.val(at).as('next_attempt_at'),
        sql.val(at).as('created_at')
      ])
      // oldest correction first: delivery ids (the send order) follow the decisions' order on both stores
      .orderBy('corrections.created_at')
      .orderBy('corrections.id')
    )
    .onConflict((oc) => oc.columns(['correction_id', 'operator_id']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0)
}

export interface PushResult {
  delivered: number
  retried: number
  dropped: number
  /** answers applied from the receivers' 2xx bodies */
  inlineAcks: number
}

type Fetch = typeof fetch

/** A short, personal-data-free description of a failed attempt (the receiver's body is never kept). */
function failureText(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout'
    const cause = (err as { cause?: { code?: unknown } }).cause
    if (cause && typeof cause.code === 'string') return cause.code.slice(0, 40)
    return err.name.slice(0, 40)
  }
  return 'error'
}

/** The receiver's inline answer, if its 2xx body holds one that passes the ack route's own rules. */
function inlineAnswer(text: string): { result: AckResult; note?: string } | null {
  if (!text || text.length > MAX_REPLY_BYTES) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (!v || typeof v !== 'object') return null
  const { result, note } = v as { result?: unknown; note?: unknown }
  if (typeof result !== 'string' || !(ACK_RESULTS as readonly string[]).includes(result)) return null
  if (note !== undefined && (typeof note !== 'string' || note.length > 500 || !isCleanText(note))) return null
  return { result: result as AckResult, note: note as string | undefined }
}

/**
 * One pass: enqueue, then send up to BATCH due rows. `now` decides what is due and when a retry is next
 * (tests move it forward instead of sleeping); the instants written on the correction are real time.
 * After an operator's receiver fails once in a pass, its other rows wait for the next pass rather than
 * each spending a timeout on a receiver that is down.
 */
export async function deliverPushes(
  db: Db,
  opts: { now?: Date; fetch?: Fetch; timeoutMs?: number; log?: FastifyBaseLogger } = {}
): Promise<PushResult> {
  const now = opts.now ?? new Date()
  const nowIso = now.toISOString()
  const doFetch = opts.fetch ?? fetch
  const k = db.kysely
  const result: PushResult = { delivered: 0, retried: 0, dropped: 0, inlineAcks: 0 }
  await enqueuePushDeliveries(db.kysely, now)
  const due = await k
    .selectFrom('correction_deliveries as d')
    .innerJoin('operators as o', 'o.id', 'd.operator_id')
    .innerJoin('corrections as c', 'c.id', 'd.correction_id')
    .innerJoin('appeals as a', 'a.id', 'c.appeal_id')
    .select([
      'd.id',
      'd.correction_id',
      'd.attempts',
      'd.failures',
      'd.next_attempt_at',
      'o.id as operator_id',
      'o.name as operator_name',
      'o.webhook_url',
      'o.signing_secret',
      'o.disabled_at',
      'c.status as correction_status',
      'c.appeal_id',
      'a.anonymised_at'
    ])
    .where('d.state', '=', 'pending')
    .where('d.next_attempt_at', '<=', nowIso)
    .orderBy('d.id')
    .limit(BATCH)
    .execute()
  const down = new Set<string>()
  for (const row of due) {
    if (down.has(row.operator_id)) continue
    const taken = await k
      .updateTable('correction_deliveries')
      .set({ next_attempt_at: new Date(now.getTime() + TAKE_SECONDS * 1000).toISOString() })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst()
    if (Number(taken.numUpdatedRows) !== 1) continue // another process has it
    const open = (OPEN_STATUSES as readonly string[]).includes(row.correction_status) && row.anonymised_at === null
    if (!open || !row.webhook_url || !row.signing_secret || row.disabled_at) {
      // answered, superseded or anonymised meanwhile, or the operator's webhook is gone: nothing to send
      await k.updateTable('correction_deliveries').set({ state: 'dropped', delivered_at: null }).where('id', '=', row.id).execute()
      result.dropped++
      continue
    }
    const operator: OperatorPrincipal = { kind: 'operator', id: row.operator_id, name: row.operator_name }
    const [item]: CorrectionItem[] = await itemsOf(db.kysely, [row.correction_id])
    const attempts = row.attempts + 1
    let replyText = ''
    try {
      if (!item) throw new Error('item')
      const body = JSON.stringify(item)
      const res = await doFetch(row.webhook_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(openSecret(row.signing_secret), body),
          'x-correction-id': item.id,
          'x-delivery-attempt': String(attempts),
          'user-agent': 'popup-appeal-push/1'
        },
        body,
        // a redirect could carry the identities somewhere the operator did not register: it is a failure
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? PUSH_TIMEOUT_MS)
      })
      if (res.status < 200 || res.status > 299) {
        await res.body?.cancel().catch(() => undefined)
        throw Object.assign(new Error(`HTTP ${res.status}`), { name: `HTTP ${res.status}` })
      }
      replyText = await res.text().catch(() => '')
    } catch (err) {
      const failures = row.failures + 1
      await k
        .updateTable('correction_deliveries')
        .set({
          attempts,
          failures,
          last_error: failureText(err),
          next_attempt_at: new Date(now.getTime() + pushBackoffSeconds(failures) * 1000).toISOString()
        })
        .where('id', '=', row.id)
        .execute()
      down.add(row.operator_id)
      result.retried++
      continue
    }
    const at = new Date()
    // the receiver has it: hand-over, delivery state and audit commit together (a crash before this commit
    // means one more delivery of the same item later — at least once, the receiver dedupes by id)
    await db.kysely.transaction().execute(async (trx) => {
      await markHandedOver(trx, [row.correction_id], operator, at)
      await trx
        .updateTable('correction_deliveries')
        .set({ state: 'delivered', attempts, delivered_at: at.toISOString(), last_error: null })
        .where('id', '=', row.id)
        .execute()
      await recordAudit(trx, operator, 'operator_push', row.appeal_id, JSON.stringify({ operator: operator.name, id: row.correction_id, attempt: attempts }), {
        at: at.toISOString()
      })
    })
    result.delivered++
    const answer = inlineAnswer(replyText)
    if (answer) {
      try {
        await applyAck(db, row.correction_id, answer.result, answer.note, operator)
        result.inlineAcks++
      } catch (err) {
        // e.g. a conflicting answer: the receiver can still use the ack route, which reports it properly
        opts.log?.warn({ correctionId: row.correction_id, code: (err as { code?: string }).code }, 'push: inline answer not applied')
      }
    }
  }
  return result
}

// ---- figures (the backlog metric, the dashboard) ----

export interface PushFigures {
  /** open corrections not yet delivered to a push operator, summed over the active push operators */
  backlog: number
  /** failed delivery attempts, all time */
  failures: number
}

/**
 * The backlog is counted from the corrections themselves, not only from pending rows: corrections the loop
 * has not enqueued yet (or a server where it does not run) are waiting all the same.
 */
export async function pushFigures(db: Kysely<Database>): Promise<PushFigures> {
  const k = db
  const backlog = await pairsWithout(k, 'a delivered one')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
  const failures = await k.selectFrom('correction_deliveries').select((eb) => eb.fn.sum<number | string | null>('failures').as('n')).executeTakeFirst()
  return { backlog: Number(backlog?.n ?? 0), failures: Number(failures?.n ?? 0) }
}

/** The loop on app.background (stopped on close); main.ts starts it through startBackgroundJobs. */
export function startPushDelivery(app: FastifyInstance): void {
  app.background.every('correction-push', app.config.correctionPushIntervalSeconds * 1000, () => deliverPushes(app.db, { log: app.log }))
}
