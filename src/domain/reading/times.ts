// Dates and times as screenshots print them, read strictly: `YYYY-MM-DD HH:mm` Beijing time or nothing.
//
// OCR loses the space between date and time (2022-01-2808:05), prints 年月日 or slashes, full-width digits,
// seconds, and now and then an O for a 0. A value that does not name a real minute is left out, never guessed.
import { DATE_MAX_YEAR, DATE_MIN_YEAR, beijingDateTimeToIso, isRealDate } from '../dates'

const BEIJING_OFFSET_MS = 8 * 3600_000

/**
 * Full-width digits, letters and the punctuation of dates and masks (０-９, Ｘ, ：, －, ／, ．, ＊, ＋) to
 * half-width, ideographic space to space, mask stars to `*`. Chinese punctuation （，。） stays as printed.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF1A\uFF0F\uFF0D\uFF0E\uFF0A\uFF0B]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0)
    )
    .replace(/\u3000/g, ' ')
    .replace(/[﹡✱✲⁎∗]/g, '*')
    .replace(/[—–－﹣]/g, '-')
    .trim()
}

/**
 * An O or o counts as a 0 only inside a run that is already mostly digits and date/time punctuation
 * (2O22-01-26, 09:1O): in words it stays a letter.
 */
export function fixLetterO(token: string): string {
  return token.replace(/[\dOo:\-/.年月日 ]{4,}/g, (run) => {
    const digits = (run.match(/\d/g) ?? []).length
    const letters = (run.match(/[Oo]/g) ?? []).length
    return letters > 0 && digits >= 3 * letters ? run.replace(/[Oo]/g, '0') : run
  })
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Build `YYYY-MM-DD HH:mm` from parts when they name a real minute in the service's window; null otherwise. */
function strictReadTime(y: string, mo: string, d: string, h: string, mi: string, s?: string): string | null {
  const [year, month, day, hour, minute] = [y, mo, d, h, mi].map(Number)
  if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR || !isRealDate(year, month, day)) return null
  if (hour > 23 || minute > 59 || (s !== undefined && Number(s) > 59)) return null
  return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`
}

// year, month, day; then either a separator (space, 日, T) and a 1–2 digit hour, or — the space lost — exactly
// two digits of day glued to two of hour (2808:05), which is the only split that is not a guess. No lookbehind:
// older mini-program JS engines reject it at parse time
const DATE_PART = String.raw`(?:^|\D)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*`
const TIME_PART = String.raw`\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?(?!\d)`
const SPACED = new RegExp(DATE_PART + String.raw`(\d{1,2})(?:\s*日\s*|\s+|T)(\d{1,2})` + TIME_PART, 'g')
const GLUED = new RegExp(DATE_PART + String.raw`(\d{2})(\d{2})` + TIME_PART, 'g')

/** Every date-time printed in a text, as `YYYY-MM-DD HH:mm`; impossible ones are dropped. */
export function findReadTimes(text: string): string[] {
  const clean = fixLetterO(normaliseText(text))
  const found: { at: number; value: string | null }[] = []
  for (const re of [SPACED, GLUED]) {
    for (const m of clean.matchAll(re)) {
      if (found.some((f) => f.at === m.index)) continue
      found.push({ at: m.index ?? 0, value: strictReadTime(m[1], m[2], m[3], m[4], m[5], m[6]) })
    }
  }
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.value)
    .filter((v): v is string => v !== null)
}

/** The one date-time a value prints; null when there is none, or more than one that disagree. */
export function parseReadTime(text: string): string | null {
  const all = [...new Set(findReadTimes(text))]
  return all.length === 1 ? all[0] : null
}

const READ_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/

/** `2022-01-26 09:12` (Beijing) → `2022-01-26T01:12:00.000Z`; null when it is not a real minute. */
export function readTimeToIso(readTime: string): string | null {
  const m = READ_TIME_RE.exec(readTime)
  if (!m || strictReadTime(m[1], m[2], m[3], m[4], m[5]) === null) return null
  // the form's picker conversion: a read time and a picked time are the same kind of value
  return beijingDateTimeToIso(readTime.slice(0, 10), readTime.slice(11))
}

/**
 * An ISO instant as epoch ms, null when it is none. The instants compared with readings come from this code (the
 * form's pickers, the server's stored rows), so the built-in parser behind a shape check is enough — and it keeps
 * the strict reader of src/domain/dates.ts (the main package's) from being pulled into the shared chunk.
 */
export function instantMs(iso: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return null
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? ms : null
}

/** An ISO instant → its Beijing `YYYY-MM-DD HH:mm` (seconds cut); null when it is not a strict instant. */
export function isoToReadTime(iso: string): string | null {
  const ms = instantMs(iso)
  if (ms === null) return null
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}
