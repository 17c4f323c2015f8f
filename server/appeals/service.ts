// Filing and reading an appeal. Each service function owns its transaction. The checks live in ./checks, the
// citizen's later actions in ./citizen-actions; both are re-exported here for the routes.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Appeal, AppealSummary } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { normalizeIdNumber } from '../../src/domain/identity'
import { queuePriority } from '../../src/domain/priority'
import { parseInstant } from '../../src/domain/dates'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { citizenAppealReplay } from '../idempotency/replay'
import { linkReusedScreenshots } from '../uploads/reuse'
import { policyOf } from '../policy/service'
import { uniqueTrackingNo } from './tracking'
import { enqueueNotification, NO_DECISION, recordEvent, UNCLAIMED } from './transition'
import { toAppeal, toSummary } from './view'
import { encryptApplicant } from '../crypto/keyring'
import { correctionView, latestCorrections } from '../corrections/view'
import { attachUploads, validate } from './checks'
import { ownRow } from './own-row'
import { recomputeShotMismatch } from '../reading/service'

export { MAX_TESTS, STATEMENT_MAX } from './checks'
export { ownRow } from './own-row'
export { rateAppeal, supplementAppeal, urgeAppeal, withdrawAppeal } from './citizen-actions'

export async function createAppeal(
  db: Db,
  config: Config,
  citizenId: string,
  body: CreateAppealRequest,
  idem: IdempotencyKey | null = null
): Promise<Stored<Appeal>> {
  const now = new Date()
  validate(body, config, now)
  const at = now.toISOString()
  const id = randomUUID()
  const shots = [
    { id: body.popupShot, field: 'popupShot' },
    ...body.negativeTests.map((t, i) => ({ id: t.shot, field: `negativeTests[${i}].shot` }))
  ]
  const needBy = body.needBy ?? null
  const blocked = body.blockedFromTesting === true
  const priority = queuePriority({ blockedFromTesting: blocked, needBy, urgedAt: null }, now)

  return idempotent(db, idem, 201, async (trx) => {
    const trackingNo = await uniqueTrackingNo(trx, now)
    await trx
      .insertInto('appeals')
      .values({
        id,
        tracking_no: trackingNo,
        citizen_id: citizenId,
        status: 'queued',
        category: body.category,
        district: body.district,
        popup_shot: body.popupShot,
        // encrypted at rest, with a keyed hash of the ID number for matching (server/crypto/keyring.ts)
        ...encryptApplicant({
          name: body.applicant.name.trim(),
          idNumber: normalizeIdNumber(body.applicant.idNumber),
          phone: body.applicant.phone.trim()
        }),
        statement: body.statement.trim(),
        created_at: at,
        updated_at: at,
        ...UNCLAIMED,
        ...NO_DECISION,
        trigger_date: body.triggerDate ?? null,
        blocked_from_testing: blocked ? 1 : 0,
        need_by_date: needBy?.date ?? null,
        need_by_reason: needBy?.reason ?? null,
        priority: priority.tier,
        retier_at: priority.recheckAt,
        due_at: new Date(now.getTime() + policyOf(config).slaHours * 3600_000).toISOString(),
        urged_at: null,
        withdraw_reason: null,
        rating_score: null,
        rating_comment: null,
        rated_at: null
      })
      .execute()
    await attachUploads(trx, id, citizenId, shots)
    if (body.negativeTests.length > 0) {
      await trx
        .insertInto('appeal_tests')
        .values(body.negativeTests.map((t, i) => ({ appeal_id: id, position: i, upload_id: t.shot, sampled_at: new Date(parseInstant(t.sampledAt)!).toISOString() })))
        .execute()
    }
    await linkReusedScreenshots(trx, id, citizenId, shots.map((s) => s.id), at)
    // screenshots already read when the form is sent; later readings recompute it (server/reading/jobs.ts)
    await recomputeShotMismatch(trx, id, { always: false })
    await recordEvent(trx, { appealId: id, at, type: 'submitted', from: null, to: 'queued', actor: { type: 'citizen', id: citizenId } })
    await enqueueNotification(trx, { appealId: id, citizenId, event: 'submitted', to: 'queued', note: null, at })
    const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    return toAppeal(trx, row, { mask: true, now, config })
  }, citizenAppealReplay(config, citizenId))
}

export async function listMyAppeals(db: Kysely<Database>, citizenId: string): Promise<AppealSummary[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null) // anonymised (retention, or deleted by the citizen): no longer theirs to list
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
  const now = new Date()
  const corrections = await latestCorrections(db, rows.filter((r) => r.status === 'approved' || r.status === 'rejected').map((r) => r.id))
  return rows.map((r) => ({ ...toSummary(r, now), correction: correctionView(r, corrections.get(r.id)) }))
}

/** Someone else's appeal is "not found", never "forbidden". */
export async function getMyAppeal(db: Kysely<Database>, config: Config, citizenId: string, id: string): Promise<Appeal> {
  return toAppeal(db, await ownRow(db, citizenId, id), { mask: true, config })
}

export async function getMyAppealByTracking(db: Kysely<Database>, config: Config, citizenId: string, trackingNo: string): Promise<Appeal> {
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('tracking_no', '=', trackingNo.trim().toUpperCase())
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null) // deleted or anonymised: gone by every path, not only by id
    .executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return toAppeal(db, row, { mask: true, config })
}
