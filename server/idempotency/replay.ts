// Replays of answers that are appeal views. The view carries the applicant (the reviewer's in full), the
// statement and the timeline, none of which may sit in idempotency_keys; what is stored instead is the
// appeal's id, the status the answer reported and the instant it was rendered at. A replay reads the row
// again and renders it as of that instant: the same answer while nothing has changed since, and the
// appeal's present state (never resurrected personal data) when something has.
import type { Kysely } from 'kysely'
import type { Appeal } from '../../types/appeal'
import type { ReviewAppealResponse } from '../../types/api'
import type { Config } from '../config'
import type { AppealRow, Database } from '../db/schema'
import { AppError } from '../errors'
import { toAppeal, toReviewAppeal } from '../appeals/view'
import type { Replay } from './service'

/** The stored form: the only thing idempotency_keys.body holds for these routes. */
export interface AppealRef {
  appealId: string
  status: string
  at: string
}

export function isAppealRef(v: unknown): v is AppealRef {
  const r = v as Partial<AppealRef> | null
  return typeof r === 'object' && r !== null && typeof r.appealId === 'string' && typeof r.status === 'string' && typeof r.at === 'string'
}

function refOf(view: { id: string; status: string; updatedAt: string }): AppealRef {
  // updatedAt is the instant the answering transaction wrote and rendered at
  return { appealId: view.id, status: view.status, at: view.updatedAt }
}

async function rowOf(db: Kysely<Database>, saved: unknown, citizenId: string | null): Promise<{ row: AppealRow; at: Date }> {
  if (!isAppealRef(saved)) throw new AppError('IDEMPOTENCY_CONFLICT')
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('id', '=', saved.appealId)
    .$if(citizenId !== null, (q) => q.where('citizen_id', '=', citizenId!))
    .executeTakeFirst()
  // deleted by the citizen or anonymised by retention since: gone for a replay too
  if (!row || row.anonymised_at !== null) throw new AppError('APPEAL_NOT_FOUND')
  return { row, at: new Date(saved.at) }
}

/** POST /appeals and /appeals/:id/supplement: the citizen's masked view. */
export function citizenAppealReplay(config: Config, citizenId: string): Replay<Appeal> {
  return {
    save: refOf,
    async load(db, saved) {
      const { row, at } = await rowOf(db, saved, citizenId)
      return toAppeal(db, row, { mask: true, now: at, config })
    }
  }
}

/** POST /review/appeals/:id/decision: the deciding reviewer's view. */
export function reviewAppealReplay(config: Config): Replay<ReviewAppealResponse> {
  return {
    save: refOf,
    async load(db, saved) {
      const { row, at } = await rowOf(db, saved, null)
      return toReviewAppeal(db, row, { now: at, config })
    }
  }
}
