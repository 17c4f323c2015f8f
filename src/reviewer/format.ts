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
