// The one place a correction attempt is born: inside the approve transition (server/appeals/transition.ts),
// on the approving transaction, so an approval without its correction can never be committed.
// Kept free of imports from the transition module, which imports this one.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CorrectionRow, Database } from '../db/schema'

/**
 * A new `waiting` correction for the appeal, attempt = previous attempts + 1 (1 for a first approval; a
 * re-approval after 「弹窗还在」, a supervisor's retry or a reassigned review gets the next number).
 * `decidedAt` orders the feed: the approval's own instant.
 */
export async function createCorrection(trx: Kysely<Database>, appealId: string, decidedAt: string = new Date().toISOString()): Promise<CorrectionRow> {
  const prev = await trx
    .selectFrom('corrections')
    .select((eb) => eb.fn.max<number | null>('attempt').as('n'))
    .where('appeal_id', '=', appealId)
    .executeTakeFirst()
  const row: CorrectionRow = {
    id: randomUUID(),
    appeal_id: appealId,
    attempt: Number(prev?.n ?? 0) + 1,
    status: 'waiting',
    decided_at: decidedAt,
    handed_over_at: null,
    operator_id: null,
    acked_at: null,
    result: null,
    note: null,
    ack_operator_id: null,
    resolved_at: null,
    resolution: null,
    resolved_by: null,
    created_at: decidedAt
  }
  // unique (appeal_id, attempt): two approvals of one appeal cannot both commit the same attempt
  await trx.insertInto('corrections').values(row).execute()
  return row
}
