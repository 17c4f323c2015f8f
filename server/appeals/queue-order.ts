// The queue's sort key (src/domain/policy.ts QUEUE_SORT_KEY) as SQL: the one ORDER BY and keyset condition
// the review queue, the claim and the position snapshot share, so they cannot drift apart.
import { sql, type RawBuilder } from 'kysely'
import { QUEUE_SORT_KEY } from '../../src/domain/policy'

export type QueueColumn = (typeof QUEUE_SORT_KEY)[number]

/** Sorting by age is the same key without the tier. */
export const AGE_SORT_KEY: readonly QueueColumn[] = QUEUE_SORT_KEY.slice(1)

interface Orderable<QB> {
  orderBy(column: QueueColumn): QB
}

/** ORDER BY priority, created_at, id (or the given suffix of the key). */
export function inQueueOrder<QB extends Orderable<QB>>(qb: QB, key: readonly QueueColumn[] = QUEUE_SORT_KEY): QB {
  return key.reduce((q, column) => q.orderBy(column), qb)
}

/** (priority, created_at, id) > (…): rows after a keyset cursor, by a row-value comparison the index serves. */
export function afterKey(key: readonly QueueColumn[], values: readonly (string | number)[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(key.map((c) => sql.ref(c)))}) > (${sql.join(values)})`
}
