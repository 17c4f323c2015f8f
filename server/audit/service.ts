// The audit trail: an append-only log of who opened an appeal's screenshots and who claimed or decided it.
// Only inserts and reads live here; nothing updates audit_log rows, and the only DELETE is the retention
// purge (purgeAuditLog, AUDIT_RETENTION_DAYS ≥ 3 years). Database triggers enforce it (migrations 005, 007).
import { sql, type Kysely } from 'kysely'
import type { Principal } from '../context'
import type { Database } from '../db/schema'

export type AuditAction =
  | 'view_evidence'
  | 'claim'
  | 'decide'
  | 'reassign'
  | 'cluster_approve'
  | 'login_success'
  | 'login_failure'
  | 'login_throttled'
  | 'logout'
  | 'reviewer_disabled'
  | 'export_stats'
  | 'export_audit'
  | 'citizen_export'
  | 'citizen_delete'
  // issue 12: an operator's pull (who, how many, which correction ids) and ack; a supervisor's answer to a problem
  | 'operator_pull'
  | 'operator_ack'
  | 'correction_retry'
  | 'correction_reject'
  // issue 12 push and batch: a webhook delivery (operator, correction id), a supervisor's batch file and result upload
  | 'operator_push'
  | 'correction_batch_export'
  | 'correction_batch_results'

export const AUDIT_ACTIONS: AuditAction[] = [
  'view_evidence',
  'claim',
  'decide',
  'reassign',
  'cluster_approve',
  'login_success',
  'login_failure',
  'login_throttled',
  'logout',
  'reviewer_disabled',
  'export_stats',
  'export_audit',
  'citizen_export',
  'citizen_delete',
  'operator_pull',
  'operator_ack',
  'correction_retry',
  'correction_reject',
  'operator_push',
  'correction_batch_export',
  'correction_batch_results'
]

export interface AuditEntry {
  id: number
  at: string
  actorType: string
  actorId: string | null
  actorName: string | null
  action: string
  appealId: string | null
  detail: string | null
}

/** Records one entry; a failure to audit is logged by the caller's error handler like any other. */
export async function recordAudit(
  db: Kysely<Database>,
  actor: Pick<Principal, 'kind' | 'id'> | { kind: 'system' | 'anonymous'; id: null },
  action: AuditAction,
  appealId: string | null,
  detail: string | null = null,
  extra: { subjectHmac?: string | null; ipHmac?: string | null; at?: string } = {}
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: extra.at ?? new Date().toISOString(),
      actor_type: actor.kind,
      actor_id: actor.id,
      action,
      appeal_id: appealId,
      detail,
      subject_hmac: extra.subjectHmac ?? null,
      ip_hmac: extra.ipHmac ?? null
    })
    .execute()
}

export interface AuditQuery {
  from?: string
  to?: string
  action?: string
  actorId?: string
  cursor?: number
  limit?: number
}

/** Audit rows with the reviewer's username beside them, for both readers of the trail. */
function entriesWithNames(db: Kysely<Database>) {
  return db
    .selectFrom('audit_log')
    .leftJoin('reviewers', (j) => j.onRef('reviewers.id', '=', 'audit_log.actor_id').on('audit_log.actor_type', '=', 'reviewer'))
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_type',
      'audit_log.actor_id',
      'audit_log.action',
      'audit_log.appeal_id',
      'audit_log.detail',
      'reviewers.username'
    ])
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesWithNames>['execute']>>[number]

function toEntry(r: EntryRow): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.username ?? null,
    action: r.action,
    appealId: r.appeal_id,
    detail: r.detail
  }
}

/** Supervisors' view of the trail: newest first, keyset-paged by id. */
export async function queryAudit(db: Kysely<Database>, q: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500)
  const rows = await entriesWithNames(db)
    .$if(q.from !== undefined, (b) => b.where('audit_log.at', '>=', q.from!))
    .$if(q.to !== undefined, (b) => b.where('audit_log.at', '<', q.to!))
    .$if(q.action !== undefined, (b) => b.where('audit_log.action', '=', q.action!))
    .$if(q.actorId !== undefined, (b) => b.where('audit_log.actor_id', '=', q.actorId!))
    .$if(q.cursor !== undefined, (b) => b.where('audit_log.id', '<', q.cursor!))
    .orderBy('audit_log.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return {
    items: page.map(toEntry),
    nextCursor: rows.length > limit ? Number(page[page.length - 1].id) : null
  }
}

/**
 * The only DELETE of audit_log rows: entries older than AUDIT_RETENTION_DAYS. The append-only triggers let a
 * DELETE through only inside a transaction that sets popup_appeal.audit_purge (PostgreSQL) or holds a row of
 * audit_purge_guard (SQLite, migration 007).
 */
export async function purgeAuditLog(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', retentionDays: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 24 * 3600_000).toISOString()
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`SELECT set_config('popup_appeal.audit_purge', 'on', true)`.execute(trx)
    // SQLite's trigger (migration 007) looks for this row; it is gone again before the commit
    else await trx.insertInto('audit_purge_guard').values({ started_at: now.toISOString() }).execute()
    const r = await trx.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst()
    if (dialect === 'sqlite') await trx.deleteFrom('audit_purge_guard').execute()
    return Number(r.numDeletedRows)
  })
}

/** One-line hook for GET /files/:id: a reviewer was served a screenshot of an appeal. */
export async function auditFileServed(db: Kysely<Database>, principal: Principal | null, upload: { id: string; appeal_id: string | null }): Promise<void> {
  if (principal?.kind !== 'reviewer') return
  await recordAudit(db, principal, 'view_evidence', upload.appeal_id, upload.id)
}

export async function auditTrail(db: Kysely<Database>, appealId: string): Promise<AuditEntry[]> {
  const rows = await entriesWithNames(db)
    .where('audit_log.appeal_id', '=', appealId)
    .orderBy('audit_log.id')
    .limit(1000)
    .execute()
  return rows.map(toEntry)
}
