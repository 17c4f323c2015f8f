// Reviewer tools beside the queue: the same citizen's other appeals (matched by ID number, masked),
// and the audit trail of an appeal (supervisors). A route plugin of its own, registered in app.ts.
import type { FastifyPluginAsync } from 'fastify'
import type { Kysely } from 'kysely'
import type { AppealSummary } from '../../types/api'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import { requireReviewer, reviewerOf } from '../auth/guards'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { toSummary } from '../appeals/view'
import { AUDIT_ACTIONS, auditTrail, queryAudit, recordAudit } from '../audit/service'
import { applicantOf } from '../crypto/keyring'
import { idParams, instant, uuid } from '../validation/schemas'

export const HISTORY_LIMIT = 50

type HistoryItem = AppealSummary & { applicant: { name: string; idNumber: string; phone: string } }

async function visibleAppeal(db: Kysely<Database>, reviewer: ReviewerPrincipal, id: string) {
  const row = await db
    .selectFrom('appeals')
    .select(['id', 'applicant_id_hmac', 'district'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || (!reviewer.supervisor && !reviewer.districts.includes(row.district))) throw new AppError('APPEAL_NOT_FOUND')
  return row
}

/** The citizen's other appeals within the reviewer's districts, newest first, applicant masked. */
export async function appealHistory(db: Kysely<Database>, reviewer: ReviewerPrincipal, id: string): Promise<HistoryItem[]> {
  const appeal = await visibleAppeal(db, reviewer, id)
  if (!reviewer.supervisor && reviewer.districts.length === 0) return []
  // matched on the keyed hash of the ID number (the number itself is stored encrypted); none once anonymised
  if (!appeal.applicant_id_hmac) return []
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('applicant_id_hmac', '=', appeal.applicant_id_hmac)
    .where('id', '!=', appeal.id)
    .$if(!reviewer.supervisor, (q) => q.where('district', 'in', reviewer.districts))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute()
  return rows.map((r) => {
    const a = applicantOf(r)
    return { ...toSummary(r), applicant: { name: maskName(a.name), idNumber: maskIdNumber(a.idNumber), phone: maskPhone(a.phone) } }
  })
}

export const reviewerToolRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)

  app.get<{ Params: { id: string } }>(
    '/review/appeals/:id/history',
    { schema: { tags: ['review'], summary: '同一申诉人的其他申诉（脱敏）', params: idParams } },
    async (req) => ({ items: await appealHistory(app.db.kysely, reviewerOf(req), req.params.id) })
  )

  app.get<{ Params: { id: string } }>(
    '/review/appeals/:id/audit',
    { schema: { tags: ['review'], summary: '申诉的查看与操作记录（主管）', params: idParams } },
    async (req) => {
      const reviewer = reviewerOf(req)
      if (!reviewer.supervisor) throw new AppError('FORBIDDEN')
      await visibleAppeal(app.db.kysely, reviewer, req.params.id)
      return { items: await auditTrail(app.db.kysely, req.params.id) }
    }
  )

  // the whole trail, for supervisors: GET /review/audit?from&to&action&actorId&cursor&limit (newest first)
  app.get<{ Querystring: { from?: string; to?: string; action?: string; actorId?: string; cursor?: string; limit?: string } }>(
    '/review/audit',
    {
      schema: {
        tags: ['review'],
        summary: '审计记录查询（主管）',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: instant,
            to: instant,
            action: { type: 'string', enum: AUDIT_ACTIONS },
            actorId: uuid,
            cursor: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }
          }
        }
      }
    },
    async (req) => {
      const reviewer = reviewerOf(req)
      if (!reviewer.supervisor) throw new AppError('FORBIDDEN')
      const q = req.query
      const iso = (v?: string) => (v === undefined ? undefined : new Date(v).toISOString())
      const page = await queryAudit(app.db.kysely, {
        from: iso(q.from),
        to: iso(q.to),
        action: q.action,
        actorId: q.actorId,
        cursor: q.cursor === undefined ? undefined : Number(q.cursor),
        limit: q.limit === undefined ? undefined : Number(q.limit)
      })
      await recordAudit(app.db.kysely, reviewer, 'export_audit', null, JSON.stringify(q))
      return page
    }
  )
}
