// What the review actions share: who acts, a live hold, the lease, the reviewer's view, stale leases.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { ReviewAppealResponse } from '../../types/api'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { AppealRow, Database } from '../db/schema'
import { applyTransition, SYSTEM, type Actor } from '../appeals/transition'
import { toReviewAppeal } from '../appeals/view'

type AppealsEb = ExpressionBuilder<Database, 'appeals'>

export function actorOf(reviewer: ReviewerPrincipal): Actor {
  return { type: 'reviewer', id: reviewer.id }
}

export function holdsLive(reviewer: ReviewerPrincipal, nowIso: string) {
  return (eb: AppealsEb): Expression<SqlBool> => eb.and([eb('claimed_by', '=', reviewer.id), eb('lease_until', '>', nowIso)])
}

export function leaseUntil(config: Config, now: Date): string {
  return new Date(now.getTime() + config.reviewLeaseMinutes * 60_000).toISOString()
}

export function view(db: Kysely<Database>, config: Config, row: AppealRow, now: Date): Promise<ReviewAppealResponse> {
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
