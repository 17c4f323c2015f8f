// Rows → the contract's shapes (types/appeal.ts). Citizens get the applicant masked.
import type { Kysely } from 'kysely'
import type {
  Appeal,
  AppealFlags,
  AppealStatus,
  AppealSummary,
  ActorType,
  Category,
  Decision,
  Outcome,
  Rating,
  ReasonCode,
  TimelineEvent,
  WithdrawReason
} from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import { checkEvidenceWithReadings } from '../../src/domain/reading/evidence'
import { needByOf } from '../../src/domain/priority'
import { isOverdue as isOverdueRule } from '../../src/domain/sla'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import { applicantOf } from '../crypto/keyring'
import type { Config } from '../config'
import type { AppealRow, Database } from '../db/schema'
import { queueInfo } from './position'
import { correctionView, latestCorrection } from '../corrections/view'
import { readSampledAtOf, shotReadingsOf } from '../reading/service'

export { SLA_STATUSES } from '../../src/domain/sla'

/** src/domain/sla.ts on a row: the one definition of overdue (server/appeals/overdue.ts is its SQL form). */
export function isOverdue(row: Pick<AppealRow, 'status' | 'due_at'>, nowIso: Date | string): boolean {
  return isOverdueRule({ status: row.status, dueAt: row.due_at }, nowIso)
}

function decisionOf(row: AppealRow): Decision | null {
  if (!row.decision_outcome || !row.decided_at) return null
  return {
    outcome: row.decision_outcome as Outcome,
    reasonCode: (row.decision_reason_code as ReasonCode | null) ?? null,
    note: row.decision_note,
    decidedAt: row.decided_at
  }
}


export function toSummary(row: AppealRow, now: Date = new Date()): AppealSummary {
  return {
    id: row.id,
    trackingNo: row.tracking_no,
    status: row.status as AppealStatus,
    category: row.category as Category,
    district: row.district,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decision: decisionOf(row),
    dueAt: row.due_at,
    overdue: isOverdue(row, now.toISOString())
  }
}

/** Links to other citizens' appeals carrying the same screenshot, for many appeals at once. */
export async function linksOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (ids.length === 0) return out
  const rows = await db.selectFrom('appeal_links').select(['appeal_id', 'linked_appeal_id']).where('appeal_id', 'in', ids).execute()
  for (const r of rows) {
    if (!out.has(r.appeal_id)) out.set(r.appeal_id, [])
    out.get(r.appeal_id)!.push(r.linked_appeal_id)
  }
  return out
}

export function flagsOf(row: AppealRow, linked: string[], now: Date): AppealFlags {
  return {
    blockedFromTesting: Boolean(row.blocked_from_testing),
    needBy: needByOf(row),
    urged: row.urged_at !== null,
    overdue: isOverdue(row, now.toISOString()),
    reusedScreenshot: linked.length > 0,
    linkedAppealIds: [...linked].sort(),
    stillPopped: row.still_popped_at !== null,
    shotMismatch: Number(row.shot_mismatch) === 1
  }
}

export interface ViewOptions {
  mask: boolean
  now?: Date
  config: Pick<Config, 'urgeIntervalHours'> & Partial<Pick<Config, 'queueSnapshotMs'>>
}

export async function toAppeal(db: Kysely<Database>, row: AppealRow, opts: ViewOptions): Promise<Appeal> {
  const now = opts.now ?? new Date()
  const [tests, events, queue, correction] = await Promise.all([
    db.selectFrom('appeal_tests').select(['upload_id', 'sampled_at']).where('appeal_id', '=', row.id).orderBy('position').execute(),
    db
      .selectFrom('appeal_events')
      // operator events name the operator client (issue 12)
      .leftJoin('operators', (j) => j.onRef('operators.id', '=', 'appeal_events.actor_id').on('appeal_events.actor_type', '=', 'operator'))
      .selectAll('appeal_events')
      .select('operators.name as operator_name')
      .where('appeal_events.appeal_id', '=', row.id)
      .orderBy('appeal_events.id')
      .execute(),
    row.status === 'queued' ? queueInfo(db, row, now, opts.config.queueSnapshotMs ?? 0) : Promise.resolve(null),
    row.status === 'approved' || row.status === 'rejected' ? latestCorrection(db, row.id) : Promise.resolve(undefined)
  ])
  const timeline: TimelineEvent[] = events.map((e) => ({
    at: e.at,
    type: e.type,
    from: e.from_status as AppealStatus | null,
    to: e.to_status as AppealStatus | null,
    actor: e.actor_type as ActorType,
    ...(e.operator_name ? { actorName: e.operator_name } : {}),
    note: e.note
  }))
  // stored encrypted (server/crypto/keyring.ts); full values only for the reviewer holding the appeal
  const plain = applicantOf(row)
  const applicant = opts.mask
    ? { name: maskName(plain.name), idNumber: maskIdNumber(plain.idNumber), phone: maskPhone(plain.phone) }
    : plain
  const rating: Rating | null =
    row.rating_score !== null && row.rated_at
      ? { score: row.rating_score as Rating['score'], comment: row.rating_comment, at: row.rated_at }
      : null
  return {
    ...toSummary(row, now),
    triggerDate: row.trigger_date,
    blockedFromTesting: Boolean(row.blocked_from_testing),
    needBy: needByOf(row),
    popupShot: row.popup_shot,
    negativeTests: tests.map((t) => ({ shot: t.upload_id, sampledAt: t.sampled_at })),
    applicant,
    statement: row.statement,
    timeline,
    queue,
    urgedAt: row.urged_at,
    urgeAvailableAt: row.urged_at ? new Date(Date.parse(row.urged_at) + opts.config.urgeIntervalHours * 3600_000).toISOString() : null,
    withdrawReason: (row.withdraw_reason as WithdrawReason | null) ?? null,
    rating,
    correction: correctionView(row, correction)
  }
}

/** The reviewer's view: full applicant, the lease, flags, and every evidence rule checked against now. */
export async function toReviewAppeal(
  db: Kysely<Database>,
  row: AppealRow,
  opts: { now: Date; config: Pick<Config, 'urgeIntervalHours' | 'evidenceMaxAgeHours'> }
): Promise<ReviewAppealResponse> {
  const [appeal, links] = await Promise.all([toAppeal(db, row, { mask: false, now: opts.now, config: opts.config }), linksOf(db, [row.id])])
  // compared with the appeal just built (its tests read, its applicant decrypted once), not loaded again
  const shots = await shotReadingsOf(db, {
    popupShot: appeal.popupShot,
    category: appeal.category,
    tests: appeal.negativeTests.map((t) => ({ shot: t.shot, sampledAt: t.sampledAt })),
    applicant: appeal.applicant
  })
  const flags = flagsOf(row, links.get(row.id) ?? [], opts.now)
  // the reviewer reads linked appeals by their 查询码, in the order of linkedAppealIds
  const linkedRows = flags.linkedAppealIds.length
    ? await db.selectFrom('appeals').select(['id', 'tracking_no']).where('id', 'in', flags.linkedAppealIds).execute()
    : []
  const trackingNoOf = new Map(linkedRows.map((r) => [r.id, r.tracking_no]))
  return {
    ...appeal,
    leaseUntil: row.lease_until,
    claimedBy: row.claimed_by,
    flags: { ...flags, linkedTrackingNos: flags.linkedAppealIds.map((id) => trackingNoOf.get(id) ?? id) },
    shots,
    // where a screenshot's sampling time was read, the rules judge that one and say so
    evidence: checkEvidenceWithReadings({
      category: appeal.category,
      sampledAt: appeal.negativeTests.map((t) => t.sampledAt),
      readSampledAt: readSampledAtOf(shots),
      triggerDate: appeal.triggerDate,
      blockedFromTesting: appeal.blockedFromTesting,
      now: opts.now,
      maxAgeHours: opts.config.evidenceMaxAgeHours
    })
  }
}
