// What the form says about a reading: short and spoken times, the banner by a test, the situation a popup
// suggests. Pure functions of the draft and the readings, so the components stay thin and testable.
import type { Category } from '../../../types/appeal'
import type { Reading } from '../../../types/reading'
import type { NegativeDraft } from '../../stores/draft'

const READ_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/

/** '2022-01-27 08:02' → { date: '2022-01-27', time: '08:02' }; null for anything else. */
export function readTimeParts(read: string | undefined): { date: string; time: string } | null {
  const m = read ? READ_TIME.exec(read) : null
  return m ? { date: `${m[1]}-${m[2]}-${m[3]}`, time: `${m[4]}:${m[5]}` } : null
}

/** The banner's compact form: 01-27 08:02 */
export function shortTime(date: string, time: string): string {
  return `${date.slice(5)} ${time}`
}

/** What a screen reader says: 1月27日 8点02分 (a bare 01-27 08:02 is read out as digits and dashes) */
export function spokenTime(date: string, time: string): string {
  const [, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':')
  return `${mo}月${d}日 ${Number(h)}点${mi}分`
}

export type TestBanner =
  | { kind: 'none' }
  | { kind: 'pending' }
  /** it was to be read, and no time came of it, with nothing typed yet: the citizen is told to type it */
  | { kind: 'unread' }
  /** read, nothing typed yet: 使用 / 修改 */
  | { kind: 'offer'; read: { date: string; time: string }; result?: string }
  /** the form holds the read time */
  | { kind: 'used'; read: { date: string; time: string }; result?: string }
  /** the citizen typed another time: both are said */
  | { kind: 'differs'; read: { date: string; time: string }; typed: { date: string; time: string }; result?: string }

/**
 * The banner by one test slot, from its screenshot's reading. `gaveUp`: the form stopped waiting for it. A
 * reading that ends without a time says so (a screen reader heard 正在读取… and must not then hear nothing),
 * unless the citizen has typed the time already; a screenshot of another kind is said by the warnings instead.
 */
export function testBanner(slot: Pick<NegativeDraft, 'date' | 'time'>, reading: Reading | undefined, gaveUp = false): TestBanner {
  const untyped = !slot.date || !slot.time
  if (!reading) return gaveUp && untyped ? { kind: 'unread' } : { kind: 'none' }
  if (reading.status === 'pending') return { kind: 'pending' }
  if (reading.status === 'failed') return untyped ? { kind: 'unread' } : { kind: 'none' }
  if (reading.status !== 'done' || reading.kind !== 'test_result') return { kind: 'none' }
  const read = readTimeParts(reading.fields.sampledAt)
  if (!read) return untyped ? { kind: 'unread' } : { kind: 'none' }
  const result = reading.fields.result
  if (slot.date === read.date && slot.time === read.time) return { kind: 'used', read, result }
  if (slot.date && slot.time) return { kind: 'differs', read, typed: { date: slot.date, time: slot.time }, result }
  return { kind: 'offer', read, result }
}

/** The situation a popup screenshot suggests, when it is worth saying: read, not declined, not chosen already. */
export function suggestedCategory(chosen: Category | null, reading: Reading | undefined, declined: boolean): Category | null {
  if (declined || !reading || reading.status !== 'done' || reading.kind !== 'popup') return null
  const suggested = reading.fields.suggestedCategory
  if (!suggested || suggested === chosen) return null
  return suggested
}

/** A result that cannot support an appeal: read, and not 阴性. */
export function isNonNegative(reading: Reading | undefined): boolean {
  return Boolean(reading && reading.status === 'done' && reading.kind === 'test_result' && reading.fields.result && reading.fields.result !== '阴性')
}
