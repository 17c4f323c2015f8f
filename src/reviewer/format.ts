// Small pure formatting helpers of the reviewer view.

/** "剩余 3 小时 12 分" / "已超时 2 小时 5 分" — the due time as a countdown. */
export function countdown(dueAt: string, now: number = Date.now()): { text: string; overdue: boolean; soon: boolean } {
  const ms = Date.parse(dueAt) - now
  if (!Number.isFinite(ms)) return { text: '—', overdue: false, soon: false }
  const abs = Math.abs(ms)
  const h = Math.floor(abs / 3600_000)
  const m = Math.floor((abs % 3600_000) / 60_000)
  const span = h > 0 ? `${h} 小时 ${m} 分` : `${m} 分`
  return ms < 0 ? { text: `已超时 ${span}`, overdue: true, soon: false } : { text: `剩余 ${span}`, overdue: false, soon: ms < 2 * 3600_000 }
}

/** An evidence check as the reviewer reads it: the sentence, then ✓ or ✗. */
export function checkLine(c: { ok: boolean; message: string }): string {
  return `${c.message} ${c.ok ? '✓' : '✗'}`
}

/** How long an appeal has waited, as a compact span for the queue table: "45 分", "3 小时 12 分", "2 天 4 小时". */
export function waited(since: string, now: number = Date.now()): string {
  const ms = now - Date.parse(since)
  if (!Number.isFinite(ms)) return '—'
  const m = Math.max(0, Math.floor(ms / 60_000))
  if (m < 60) return `${m} 分`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h} 小时 ${m % 60} 分`
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`
}
