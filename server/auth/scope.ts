// District scope: the one rule for which appeals a reviewer may see — a supervisor every district, anyone
// else only their own (none when they have none). Queries use inMyDistricts, single rows seesDistrict, so the
// queue, the history, the statistics and reassignment cannot drift apart.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { ReviewerPrincipal } from '../context'
import type { Database } from '../db/schema'

type Scoped = Pick<ReviewerPrincipal, 'supervisor' | 'districts'>

/** A where() filter on the district of appeals for this reviewer. */
export function inMyDistricts(reviewer: Scoped) {
  return (eb: ExpressionBuilder<Database, 'appeals'>): Expression<SqlBool> => {
    if (reviewer.supervisor) return eb.lit(true)
    // `in ()` is not valid SQL: no district means no row
    if (reviewer.districts.length === 0) return eb.lit(false)
    return eb('district', 'in', reviewer.districts)
  }
}

/** The same rule for one appeal already read. */
export function seesDistrict(reviewer: Scoped, district: string): boolean {
  return reviewer.supervisor || reviewer.districts.includes(district)
}

/** The districts filter of the correction figures (server/corrections/stats.ts): null = every district. */
export function districtsOf(reviewer: Scoped): string[] | null {
  return reviewer.supervisor ? null : reviewer.districts
}
