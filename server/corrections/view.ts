// Appeal.correction and the 「弹窗还在」 timing, read by the appeal views and the receipts. Imports nothing of
// the server's services, so server/appeals/view.ts can use it without a cycle.
import type { Kysely } from 'kysely'
import type { RejectReasonCode } from '../../types/appeal'
import { STILL_POPPED_WAIT_HOURS, type Correction } from '../../types/correction'
import { reasonText } from '../../src/domain/reasons'
import type { AppealRow, CorrectionRow, Database } from '../db/schema'

const HOUR = 3600_000

/** When the citizen may say 「弹窗还在」 for this correction; null while not allowed at all. */
export function stillPoppedAvailableAt(c: Pick<CorrectionRow, 'status' | 'handed_over_at' | 'acked_at'>): string | null {
  if (c.status === 'cleared') return c.acked_at
  if (c.status === 'handed_over' && c.handed_over_at) return new Date(Date.parse(c.handed_over_at) + STILL_POPPED_WAIT_HOURS * HOUR).toISOString()
  return null
}

export async function latestCorrection(db: Kysely<Database>, appealId: string): Promise<CorrectionRow | undefined> {
  return db.selectFrom('corrections').selectAll().where('appeal_id', '=', appealId).orderBy('attempt', 'desc').limit(1).executeTakeFirst()
}

/**
 * Appeal.correction: the latest attempt while the appeal stands approved; after a supervisor's rejection the
 * not_cleared attempt with the reason the citizen sees; null before approval and while a reopened appeal
 * waits for its new decision.
 */
export function correctionView(row: Pick<AppealRow, 'status' | 'decision_note' | 'decision_reason_code'>, c: CorrectionRow | undefined): Correction | null {
  if (!c) return null
  if (row.status !== 'approved' && !(row.status === 'rejected' && c.resolution === 'rejected')) return null
  if (c.status === 'superseded') return null
  const out: Correction = { status: c.status, attempt: c.attempt, stillPoppedAvailableAt: row.status === 'approved' ? stillPoppedAvailableAt(c) : null }
  if (c.handed_over_at) out.handedOverAt = c.handed_over_at
  if (c.status === 'cleared' && c.acked_at) out.clearedAt = c.acked_at
  if (c.resolution === 'rejected') {
    const reason = row.decision_reason_code ? reasonText(row.decision_reason_code as RejectReasonCode)?.text : undefined
    const note = [reason, row.decision_note].filter(Boolean).join('；')
    if (note) out.note = note
  } else if (c.status === 'not_cleared' && c.note) {
    out.note = c.note
  }
  return out
}

/** The latest correction of many appeals at once (the citizen's list). */
export async function latestCorrections(db: Kysely<Database>, appealIds: string[]): Promise<Map<string, CorrectionRow>> {
  const out = new Map<string, CorrectionRow>()
  if (appealIds.length === 0) return out
  const rows = await db.selectFrom('corrections').selectAll().where('appeal_id', 'in', appealIds).orderBy('attempt').execute()
  for (const r of rows) out.set(r.appeal_id, r) // ascending: the last one written wins
  return out
}

