// Drains the outbox: one WeChat subscribe message per status change, for citizens who logged in with WeChat.
// Device citizens (no openid) are marked skipped. Failures retry with exponential backoff, then give up.
// Several instances may run it: a row is taken by pushing its next_attempt_at forward in a guarded UPDATE.
import { decryptField, F } from '../crypto/keyring'
import type { Kysely } from 'kysely'
import type { AppealStatus } from '../../types/appeal'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { formatDateTime } from '../../src/domain/time'
import { EVENT_PHRASES, STATUS_PHRASES } from '../../src/domain/policy'
import { characterString, clip, LIMITS, sendSubscribeMessage, WechatSendError } from './wechat'

export const MAX_ATTEMPTS = 6
export const BACKOFF_BASE_SECONDS = 30
const BACKOFF_MAX_SECONDS = 3600
const TAKE_SECONDS = 60
const BATCH = 50
/** how long one run keeps taking batches; below DISPATCH_INTERVAL_SECONDS' default, so runs do not queue up */
const RUN_BUDGET_MS = 4000

/** The mini-program page a message opens: the appeal's detail page (src/app.config.ts, main package). */
export const DETAIL_PAGE = 'pages/appeal/detail'

export function detailPageOf(appealId: string): string {
  return `${DETAIL_PAGE}?id=${encodeURIComponent(appealId)}`
}

// the status and event phrases (≤ 5 characters) are the policy's, beside the status's other wordings
export { EVENT_PHRASES, STATUS_PHRASES }

export function phraseOf(event: string, status: AppealStatus): string {
  return EVENT_PHRASES[event] ?? STATUS_PHRASES[status]
}

export function backoffSeconds(attempts: number): number {
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_SECONDS)
}

export interface DispatchResult {
  sent: number
  skipped: number
  retried: number
  failed: number
}

type DispatchConfig = Pick<Config, 'wechatApiBase' | 'wechatAppId' | 'wechatSecret' | 'wechatTemplateId'>

/**
 * Sends what is due, oldest first, a batch at a time: while a batch comes back full the run takes the next,
 * for up to RUN_BUDGET_MS (one batch per run capped the outbox at 50 rows per DISPATCH_INTERVAL_SECONDS, so
 * during a wave the backlog grew and messages told citizens of a change hours late).
 */
export async function dispatchOutbox(db: Kysely<Database>, config: DispatchConfig, now = new Date()): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, skipped: 0, retried: 0, failed: 0 }
  const started = Date.now()
  for (;;) {
    const taken = await dispatchBatch(db, config, now, result)
    if (taken < BATCH || Date.now() - started >= RUN_BUDGET_MS) return result
  }
}

/** The oldest due rows with what a message needs. */
function dueBatch(db: Kysely<Database>, nowIso: string) {
  // the ids come from the outbox's own index first and only those rows are joined: joining every due row
  // before the sort and limit looked up each one's appeal and citizen, a 60–150 ms stall of the event loop
  // with a few thousand due rows in a million-appeal database (bench/, claims at 1M)
  const ids = db
    .selectFrom('outbox')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', nowIso)
    .orderBy('id')
    .limit(BATCH)
  return db
    .selectFrom('outbox')
    .innerJoin('appeals', 'appeals.id', 'outbox.appeal_id')
    // left join: were a citizen's row ever removed, its messages would be skipped (no openid) instead of
    // staying due and holding places in every batch
    .leftJoin('citizens', 'citizens.id', 'outbox.citizen_id')
    .select(['outbox.id', 'outbox.event', 'outbox.attempts', 'outbox.next_attempt_at', 'outbox.to_status', 'outbox.note', 'outbox.created_at', 'appeals.tracking_no', 'appeals.id as appeal_id', 'citizens.wechat_openid'])
    .where('outbox.id', 'in', ids)
    .orderBy('outbox.id')
    .execute()
}

/** One batch; returns how many due rows it found (each taken, sent or left to another instance). */
async function dispatchBatch(db: Kysely<Database>, config: DispatchConfig, now: Date, result: DispatchResult): Promise<number> {
  const due = await dueBatch(db, now.toISOString())
  for (const row of due) {
    const taken = await db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(now.getTime() + TAKE_SECONDS * 1000).toISOString() })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst()
    if (Number(taken.numUpdatedRows) !== 1) continue
    const finish = (state: 'sent' | 'skipped' | 'failed', error: string | null) =>
      db.updateTable('outbox').set({ state, done_at: new Date().toISOString(), last_error: error }).where('id', '=', row.id).execute()
    if (!row.wechat_openid || !config.wechatTemplateId || !config.wechatAppId || !config.wechatSecret) {
      await finish('skipped', row.wechat_openid ? 'no template configured' : 'no openid')
      result.skipped++
      continue
    }
    const status = (row.to_status ?? 'queued') as AppealStatus
    try {
      await sendSubscribeMessage(config, {
        touser: decryptField(row.wechat_openid, F.openid), // stored encrypted; decrypted only to address the message
        template_id: config.wechatTemplateId,
        page: detailPageOf(row.appeal_id),
        data: {
          character_string1: { value: characterString(row.tracking_no) },
          phrase2: { value: clip(phraseOf(row.event, status), LIMITS.phrase) },
          thing3: { value: clip(row.note ?? '申诉进度有更新，请进入小程序查看', LIMITS.thing) },
          time4: { value: formatDateTime(row.created_at) }
        }
      })
      await finish('sent', null)
      result.sent++
    } catch (err) {
      const retryable = !(err instanceof WechatSendError) || err.retryable
      const attempts = row.attempts + 1
      const message = err instanceof Error ? err.message.slice(0, 200) : 'error'
      if (!retryable || attempts >= MAX_ATTEMPTS) {
        await db.updateTable('outbox').set({ attempts }).where('id', '=', row.id).execute()
        await finish('failed', message)
        result.failed++
      } else {
        await db
          .updateTable('outbox')
          .set({ attempts, last_error: message, next_attempt_at: new Date(now.getTime() + backoffSeconds(attempts) * 1000).toISOString() })
          .where('id', '=', row.id)
          .execute()
        result.retried++
      }
    }
  }
  return due.length
}
