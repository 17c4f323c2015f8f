// The audit trail: an append-only log of who opened an appeal's screenshots and who claimed or decided it.
// Only inserts and reads live here; nothing updates or deletes audit_log rows.
import type { Generated, Kysely } from 'kysely'
import type { Principal } from '../context'
import type { Database } from '../db/schema'

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor_type: string
  actor_id: string | null
  action: string
  appeal_id: string | null
  detail: string | null
}

export type AuditDatabase = Database & { audit_log: AuditLogTable }

export type AuditAction = 'view_evidence' | 'claim' | 'decide' | 'cluster_approve'

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

function auditDb(db: Kysely<Database>): Kysely<AuditDatabase> {
  return db as unknown as Kysely<AuditDatabase>
}

/** Records one entry; a failure to audit is logged by the caller's error handler like any other. */
export async function recordAudit(
  db: Kysely<Database>,
  actor: Pick<Principal, 'kind' | 'id'> | { kind: 'system'; id: null },
  action: AuditAction,
  appealId: string | null,
  detail: string | null = null
): Promise<void> {
  await auditDb(db)
    .insertInto('audit_log')
    .values({ at: new Date().toISOString(), actor_type: actor.kind, actor_id: actor.id, action, appeal_id: appealId, detail })
    .execute()
}

/** One-line hook for GET /files/:id: a reviewer was served a screenshot of an appeal. */
export async function auditFileServed(db: Kysely<Database>, principal: Principal | null, upload: { id: string; appeal_id: string | null }): Promise<void> {
  if (principal?.kind !== 'reviewer') return
  await recordAudit(db, principal, 'view_evidence', upload.appeal_id, upload.id)
}

export async function auditTrail(db: Kysely<Database>, appealId: string): Promise<AuditEntry[]> {
  const rows = await auditDb(db)
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
    .where('audit_log.appeal_id', '=', appealId)
    .orderBy('audit_log.id')
    .limit(1000)
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.username ?? null,
    action: r.action,
    appealId: r.appeal_id,
    detail: r.detail
  }))
}
