// Clusters: queued appeals that share a cause — same category and trigger date, same district,
// submitted within the same hour — so a supervisor can approve a verified group in one action.
// Every appeal still goes through the transition table (claim, then approve) and gets its own events.
import { sql, type Kysely } from 'kysely'
import type { Category } from '../../types/appeal'
import { reasonText } from '../../src/domain/reasons'
import type { Config } from '../config'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { applyTransition, type Actor } from '../appeals/transition'
import { recordAudit } from '../audit/service'

export const MIN_CLUSTER = 2
export const MAX_CLUSTERS = 50
export const MAX_CLUSTER_IDS = 500

export interface Cluster {
  key: string
  category: Category
  triggerDate: string | null
  district: string
  /** the submission hour, UTC, as YYYY-MM-DDTHH */
  hour: string
  count: number
  appealIds: string[]
  trackingNos: string[]
}

/** Supervisors' view (the route says who): every district. */
export async function clusters(db: Kysely<Database>): Promise<Cluster[]> {
  const hourExpr = sql<string>`substr(created_at, 1, 13)`
  const groups = await db
    .selectFrom('appeals')
    .select((eb) => ['category', 'trigger_date', 'district', hourExpr.as('hour'), eb.fn.countAll().as('n')])
    .where('status', '=', 'queued')
    .groupBy(['category', 'trigger_date', 'district', hourExpr])
    .having((eb) => eb.fn.countAll(), '>=', MIN_CLUSTER)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(hourExpr)
    .limit(MAX_CLUSTERS)
    .execute()
  const out: Cluster[] = []
  for (const g of groups) {
    const rows = await db
      .selectFrom('appeals')
      .select(['id', 'tracking_no'])
      .where('status', '=', 'queued')
      .where('category', '=', g.category)
      .where('district', '=', g.district)
      .where((eb) => (g.trigger_date === null ? eb('trigger_date', 'is', null) : eb('trigger_date', '=', g.trigger_date)))
      .where(hourExpr, '=', g.hour)
      .orderBy('created_at')
      .orderBy('id')
      .limit(MAX_CLUSTER_IDS)
      .execute()
    out.push({
      key: [g.category, g.trigger_date ?? '-', g.district, g.hour].join('|'),
      category: g.category as Category,
      triggerDate: g.trigger_date,
      district: g.district,
      hour: g.hour,
      count: Number(g.n),
      appealIds: rows.map((r) => r.id),
      trackingNos: rows.map((r) => r.tracking_no)
    })
  }
  return out
}

export interface ClusterApproveResult {
  approved: string[]
  /** not approved: no longer queued, held by someone else, or unknown */
  skipped: string[]
}

/** Approves every appeal of the list still queued (or held by this supervisor), in one transaction. */
export async function approveCluster(
  db: Kysely<Database>,
  config: Config,
  reviewer: ReviewerPrincipal,
  appealIds: string[],
  note: string | null
): Promise<ClusterApproveResult> {
  const ids = [...new Set(appealIds)]
  const actor: Actor = { type: 'reviewer', id: reviewer.id }
  const cleanNote = note?.trim() || null
  return db.transaction().execute(async (trx) => {
    const now = new Date()
    const nowIso = now.toISOString()
    const approved: string[] = []
    const skipped: string[] = []
    for (const id of ids) {
      const row = await trx.selectFrom('appeals').select(['id', 'status', 'claimed_by', 'lease_until']).where('id', '=', id).executeTakeFirst()
      let held = false
      if (row?.status === 'queued') {
        const claimed = await applyTransition(trx, { id, status: 'queued' }, 'claim', actor, {
          now,
          note: '主管批量审核',
          patch: { claimed_by: reviewer.id, lease_until: new Date(now.getTime() + config.reviewLeaseMinutes * 60_000).toISOString() }
        })
        held = !!claimed
      } else if (row?.status === 'in_review' && row.claimed_by === reviewer.id && (row.lease_until ?? '') > nowIso) {
        held = true
      }
      if (!held) {
        skipped.push(id)
        continue
      }
      const done = await applyTransition(
        trx,
        { id, status: 'in_review', guard: (eb) => eb('claimed_by', '=', reviewer.id) },
        'approve',
        actor,
        {
          now,
          note: [reasonText('verified')?.text, cleanNote].filter(Boolean).join('；') || null,
          patch: {
            lease_until: null,
            decision_outcome: 'approved',
            decision_reason_code: 'verified',
            decision_note: cleanNote,
            decided_at: nowIso,
            decided_by: reviewer.id
          }
        }
      )
      if (!done) {
        skipped.push(id)
        continue
      }
      await recordAudit(trx, reviewer, 'cluster_approve', id, `${ids.length} 条批量通过`)
      approved.push(id)
    }
    return { approved, skipped }
  })
}
