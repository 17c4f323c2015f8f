// Checks of the applicant's identity fields, the same in the form and on the server.
import { isRealDate } from './dates'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The check character of a resident ID (GB 11643), computed from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

/** 18 characters, a real birth date, and the right check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if (year < 1900 || !isRealDate(year, month, day)) return false
  if (Date.UTC(year, month - 1, day) > Date.now()) return false
  return idCheckChar(id.slice(0, 17)) === id[17]
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export function isValidPhone(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim())
}

// Names by an allow-list: Chinese characters (basic block, extension A, compatibility, and the astral
// extensions B–G that rare given names need, as surrogate pairs), 〇, Latin letters with their accents (foreign
// residents' cards carry Latin names), and the middle dot that separates the parts of minority and
// transliterated names (· and the look-alikes phone keyboards type: ‧ ・ ･).
// Spaces: only a single space, hyphen or apostrophe between two Latin letters ("Anna Maria", "Jean-Luc",
// "O'Neil"); never in a Chinese name, where 张 三 would not match the card. No digits, punctuation, markup,
// control characters or emoji. Character classes are spelled out (no \p{…}): the mini-program bundle stays
// small and old WeChat runtimes need no Unicode property support.
const HAN = '\\u3007\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff'
const HAN_ASTRAL = '[\\ud840-\\ud88f][\\udc00-\\udfff]'
const LATIN = 'A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff'
const COMBINING = '\\u0300-\\u036f'
const DOTS = '\\u00b7\\u2027\\u30fb\\uff65'
const JOINERS = " '\\-"

const NAME_CHARS = new RegExp(`^(?:[${HAN}${LATIN}${COMBINING}${DOTS}${JOINERS}]|${HAN_ASTRAL})+$`)
const SEPARATOR = `[${DOTS}${JOINERS}]`
/** begins or ends with a separator, or two separators in a row */
const BAD_SEPARATORS = new RegExp(`^${SEPARATOR}|${SEPARATOR}$|${SEPARATOR}{2}`)
/** a space, hyphen or apostrophe not between two Latin letters */
const BAD_JOINER = new RegExp(`(?:^|[^${LATIN}${COMBINING}])[${JOINERS}]|[${JOINERS}](?:$|[^${LATIN}])`)
/** an accent that does not follow a Latin letter */
const STRAY_COMBINING = new RegExp(`(?:^|[^${LATIN}${COMBINING}])[${COMBINING}]`)

export const NAME_MIN_CHARS = 2
export const NAME_MAX_CHARS = 40

/** A name as on the ID card: 2–40 characters by the allow-list above (surrounding spaces are ignored). */
export function isValidName(raw: string): boolean {
  const name = raw.trim()
  const chars = Array.from(name).length
  if (chars < NAME_MIN_CHARS || chars > NAME_MAX_CHARS) return false
  return NAME_CHARS.test(name) && !BAD_SEPARATORS.test(name) && !BAD_JOINER.test(name) && !STRAY_COMBINING.test(name)
}
