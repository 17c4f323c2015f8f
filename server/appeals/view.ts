// Rows → the contract's shapes (types/appeal.ts). Citizens get the applicant masked.
import type { Kysely } from 'kysely'
import type {
  Appeal,
  AppealStatus,
  AppealSummary,
  ActorType,
  Category,
  Decision,
  Outcome,
  ReasonCode,
  TimelineEvent
} from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import { checkEvidence } from '../../src/domain/evidence'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import type { AppealRow, Database } from '../db/schema'

function decisionOf(row: AppealRow): Decision | null {
  if (!row.decision_outcome || !row.decided_at) return null
  return {
    outcome: row.decision_outcome as Outcome,
    reasonCode: (row.decision_reason_code as ReasonCode | null) ?? null,
    note: row.decision_note,
    decidedAt: row.decided_at
  }
}

export function toSummary(row: AppealRow): AppealSummary {
  return {
    id: row.id,
    trackingNo: row.tracking_no,
    status: row.status as AppealStatus,
    category: row.category as Category,
    district: row.district,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decision: decisionOf(row)
  }
}

export async function toAppeal(db: Kysely<Database>, row: AppealRow, opts: { mask: boolean }): Promise<Appeal> {
  const [tests, events] = await Promise.all([
    db.selectFrom('appeal_tests').select(['upload_id', 'sampled_at']).where('appeal_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('appeal_events').selectAll().where('appeal_id', '=', row.id).orderBy('id').execute()
  ])
  const timeline: TimelineEvent[] = events.map((e) => ({
    at: e.at,
    type: e.type,
    from: e.from_status as AppealStatus | null,
    to: e.to_status as AppealStatus | null,
    actor: e.actor_type as ActorType,
    note: e.note
  }))
  const applicant = opts.mask
    ? { name: maskName(row.applicant_name), idNumber: maskIdNumber(row.applicant_id_number), phone: maskPhone(row.applicant_phone) }
    : { name: row.applicant_name, idNumber: row.applicant_id_number, phone: row.applicant_phone }
  return {
    ...toSummary(row),
    popupShot: row.popup_shot,
    negativeTests: tests.map((t) => ({ shot: t.upload_id, sampledAt: t.sampled_at })),
    applicant,
    statement: row.statement,
    timeline
  }
}

/** The reviewer's view: full applicant, the lease, and every evidence rule checked against now. */
export async function toReviewAppeal(
  db: Kysely<Database>,
  row: AppealRow,
  opts: { now: Date; maxAgeHours: number }
): Promise<ReviewAppealResponse> {
  const appeal = await toAppeal(db, row, { mask: false })
  return {
    ...appeal,
    leaseUntil: row.lease_until,
    claimedBy: row.claimed_by,
    evidence: checkEvidence({
      category: appeal.category,
      sampledAt: appeal.negativeTests.map((t) => t.sampledAt),
      now: opts.now,
      maxAgeHours: opts.maxAgeHours
    })
  }
}
