// The SQL form of src/domain/sla.ts isOverdue, for every query that counts or filters overdue appeals
// (queue counts and filter, stats, the overdue list, the /metrics gauge): one definition, so they agree.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import { SLA_STATUSES } from '../../src/domain/sla'
import type { Database } from '../db/schema'

type AppealsEb = ExpressionBuilder<Database, 'appeals'>

/** due_at is ISO-8601 UTC text, so text order is time order on SQLite and PostgreSQL alike. */
export function overdueAt(nowIso: string) {
  return (eb: AppealsEb): Expression<SqlBool> =>
    eb.and([eb('status', 'in', [...SLA_STATUSES]), eb('due_at', '<>', ''), eb('due_at', '<', nowIso)])
}

export function notOverdueAt(nowIso: string) {
  return (eb: AppealsEb): Expression<SqlBool> => eb.not(overdueAt(nowIso)(eb))
}
