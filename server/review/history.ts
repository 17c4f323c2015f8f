// Reviewer tools beside the queue: the same citizen's other appeals (matched by ID number, masked). The
// routes live in ./routes (history) and ./supervisor-routes (an appeal's audit trail).
import type { Kysely } from 'kysely'
import type { AppealSummary } from '../../types/api'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import { inMyDistricts, seesDistrict } from '../auth/scope'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { toSummary } from '../appeals/view'
import { applicantOf } from '../crypto/keyring'

export const HISTORY_LIMIT = 50

type HistoryItem = AppealSummary & { applicant: { name: string; idNumber: string; phone: string } }

/** The appeal if it is in the reviewer's districts, else APPEAL_NOT_FOUND (whether it exists is not told). */
export async function visibleAppeal(db: Kysely<Database>, reviewer: ReviewerPrincipal, id: string) {
  const row = await db
    .selectFrom('appeals')
    .select(['id', 'applicant_id_hmac', 'district'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || !seesDistrict(reviewer, row.district)) throw new AppError('APPEAL_NOT_FOUND')
  return row
}

/** The citizen's other appeals within the reviewer's districts, newest first, applicant masked. */
export async function appealHistory(db: Kysely<Database>, reviewer: ReviewerPrincipal, id: string): Promise<HistoryItem[]> {
  const appeal = await visibleAppeal(db, reviewer, id)
  // matched on the keyed hash of the ID number (the number itself is stored encrypted); none once anonymised
  if (!appeal.applicant_id_hmac) return []
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('applicant_id_hmac', '=', appeal.applicant_id_hmac)
    .where('id', '!=', appeal.id)
    .where(inMyDistricts(reviewer))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute()
  return rows.map((r) => {
    const a = applicantOf(r)
    return { ...toSummary(r), applicant: { name: maskName(a.name), idNumber: maskIdNumber(a.idNumber), phone: maskPhone(a.phone) } }
  })
}
