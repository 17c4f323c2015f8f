// The one strict reader of dates and times, for the form and the server alike.
//
// Why not Date.parse / Date.UTC / dayjs: they roll an impossible day over (2024-02-30 → 2024-03-01), read
// years 0–99 as 1900–1999, and read a time without an offset in the machine's own zone. Every date and
// instant a person or a client sends goes through here instead:
//   - a calendar date is YYYY-MM-DD naming a day that exists, within [DATE_MIN_YEAR, DATE_MAX_YEAR], and is
//     a Beijing calendar day;
//   - an instant is RFC 3339 (YYYY-MM-DDTHH:mm[:ss[.fff]] then Z or ±HH:mm) with the same calendar rules and
//     an explicit offset: a client's clock string is never guessed;
//   - a picker's date + time (the form's 采样日期 / 时间) is Beijing wall-clock time.

/** Dates of this service's world (popups, tests, deadlines, report windows) fall in this range. */
export const DATE_MIN_YEAR = 2000
export const DATE_MAX_YEAR = 2099

/** Beijing has kept UTC+8 without daylight saving since 1991: a fixed offset is exact. */
const BEIJING_OFFSET_MS = 8 * 3600_000
const DAY_MS = 24 * 3600_000

export interface CalendarDate {
  year: number
  month: number
  day: number
}

/** Days in a month of a year ≥ 100 (day 0 of the next month is this month's last day). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** A day that exists in the Gregorian calendar, for integer parts and years ≥ 100 (callers pick their window). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

function inWindow(year: number): boolean {
  return year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR
}

/** Epoch ms of 00:00 UTC of a date; Date.UTC would shift years 0–99, which the window already excludes. */
function utcMidnight(d: CalendarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day)
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** YYYY-MM-DD naming a real day within the window; null for anything else. */
export function parseCalendarDate(raw: unknown): CalendarDate | null {
  if (typeof raw !== 'string') return null
  const m = DATE_RE.exec(raw)
  if (!m) return null
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  return inWindow(d.year) && isRealDate(d.year, d.month, d.day) ? d : null
}

export function isCalendarDate(raw: unknown): boolean {
  return parseCalendarDate(raw) !== null
}

/** Start of a Beijing calendar day (YYYY-MM-DD) as epoch ms; NaN when the date is not a real day in the window. */
export function beijingDayStartMs(raw: unknown): number {
  const d = parseCalendarDate(raw)
  return d ? utcMidnight(d) - BEIJING_OFFSET_MS : NaN
}

/** The Beijing calendar day (YYYY-MM-DD) an instant falls on. */
export function beijingDateOf(at: number | Date): string {
  const ms = typeof at === 'number' ? at : at.getTime()
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

/** Whole days from the Beijing day of `now` to the given Beijing date (negative = in the past); NaN when invalid. */
export function beijingDaysFromToday(raw: unknown, now: number | Date): number {
  const start = beijingDayStartMs(raw)
  if (!Number.isFinite(start)) return NaN
  return Math.round((start - beijingDayStartMs(beijingDateOf(now))) / DAY_MS)
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An RFC 3339 instant with an explicit offset, on a real day within the window, as epoch ms; null otherwise.
 * Fractions beyond milliseconds are cut (not rounded) so the result never moves to the next second.
 */
export function parseInstant(raw: unknown): number | null {
  if (typeof raw !== 'string') return null
  const m = INSTANT_RE.exec(raw)
  if (!m) return null
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  if (!inWindow(date.year) || !isRealDate(date.year, date.month, date.day)) return null
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (hour > 23 || minute > 59 || second > 59) return null
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  let offsetMin = 0
  if (m[8] !== 'Z') {
    const oh = Number(m[8].slice(1, 3))
    const om = Number(m[8].slice(4, 6))
    if (oh > 14 || om > 59) return null
    offsetMin = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  return utcMidnight(date) + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMin * 60_000
}

export function isInstant(raw: unknown): boolean {
  return parseInstant(raw) !== null
}

const TIME_RE = /^(\d{2}):(\d{2})$/

/** A picker's Beijing date (YYYY-MM-DD) and time (HH:mm) as an ISO instant; null when either is not real. */
export function beijingDateTimeToIso(date: string, time: string): string | null {
  const d = parseCalendarDate(date)
  const t = TIME_RE.exec(time)
  if (!d || !t) return null
  const hour = Number(t[1])
  const minute = Number(t[2])
  if (hour > 23 || minute > 59) return null
  return new Date(utcMidnight(d) + (hour * 60 + minute) * 60_000 - BEIJING_OFFSET_MS).toISOString()
}
