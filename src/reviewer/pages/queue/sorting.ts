// How the list is ordered: the server knows two orders, the desk table offers three sortable columns.
export type SortKey = 'priority' | 'age'
export type SortCol = 'flags' | 'waited' | 'due'

/**
 * The table's sortable columns and the server sort each one asks for (GET /review/queue?sort=priority|age).
 * Due time is created_at + the SLA hours for every appeal, so the earliest due is the longest waiting:
 * both columns sort by age. Only the column the reviewer picked carries aria-sort.
 */
export const SORTABLE: { col: SortCol; sort: SortKey; aria: 'other' | 'descending' | 'ascending'; name: string }[] = [
  { col: 'flags', sort: 'priority', aria: 'other', name: '按优先级排序（拒检、临近截止日期、催办在前）' },
  { col: 'waited', sort: 'age', aria: 'descending', name: '按等待时长排序（等得最久的在前）' },
  { col: 'due', sort: 'age', aria: 'ascending', name: '按截止时间排序（最早到期的在前）' }
]

/** Whether a column header shows as the active sort (two columns share the server's age order). */
export function sortActive(col: SortCol, sort: SortKey, sortCol: SortCol): boolean {
  const spec = SORTABLE.find((x) => x.col === col)!
  return sort === spec.sort && (spec.sort === 'priority' || sortCol === col || (sortCol === 'flags' && col === 'waited'))
}
