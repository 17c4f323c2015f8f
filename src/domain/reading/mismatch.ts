// Where a screenshot's reading disagrees with what the citizen typed, for the reviewer and the queue flag.
import type { Category } from '../../../types/appeal'
import type { Mismatch, Reading } from '../../../types/reading'
import { isoToReadTime, readTimeToIso } from './times'

export interface MismatchInput {
  role: 'popup' | 'negative_test'
  reading: Reading
  typed: { sampledAt?: string /* ISO instant */; name?: string; idNumber?: string; category?: Category }
}

/** The typed time comes from a minute picker and the read one has its seconds cut: a minute apart is the same. */
const SAME_TIME_MS = 60_000

/**
 * A masked name against a typed one. Each star hides one character when the mask ends in a visible one
 * (王*明: 王小明, not 王明); a mask ending in stars may pad to a fixed width (王**: 王明 or 王小明).
 */
export function nameMatchesMask(masked: string, typed: string): boolean {
  const mask = Array.from(masked.replace(/\s+/g, ''))
  const name = Array.from(typed.replace(/\s+/g, ''))
  if (name.length === 0) return true
  if (!mask.includes('*')) return mask.join('') === name.join('')
  if (mask[mask.length - 1] !== '*') {
    return mask.length === name.length && mask.every((c, i) => c === '*' || c === name[i])
  }
  const prefix = mask.slice(0, mask.indexOf('*'))
  return name.length > prefix.length && prefix.every((c, i) => c === name[i])
}

/**
 * A masked ID against the typed 18 characters: visible characters at the same positions (X in either case);
 * a mask of another length is aligned by its visible head and tail.
 */
export function idMatchesMask(masked: string, typed: string): boolean {
  const mask = masked.replace(/\s+/g, '').toUpperCase()
  const id = typed.replace(/\s+/g, '').toUpperCase()
  if (id.length === 0) return true
  if (mask.length === id.length) return Array.from(mask).every((c, i) => c === '*' || c === id[i])
  const head = mask.slice(0, mask.indexOf('*') < 0 ? mask.length : mask.indexOf('*'))
  const tail = mask.slice(mask.lastIndexOf('*') + 1)
  return id.startsWith(head) && id.endsWith(tail)
}

function sameMinute(read: string, typedIso: string): boolean {
  const a = readTimeToIso(read)
  if (a === null) return true
  return Math.abs(new Date(a).getTime() - new Date(typedIso).getTime()) <= SAME_TIME_MS
}

/** Only what was read is compared: a field left out of the reading is never a mismatch. */
export function mismatchesFor(input: MismatchInput): Mismatch[] {
  const { role, reading, typed } = input
  if (reading.status !== 'done') return []
  const f = reading.fields
  const out: Mismatch[] = []
  const expectedKind = role === 'popup' ? 'popup' : 'test_result'
  if (reading.kind !== 'unknown' && reading.kind !== expectedKind) {
    out.push({ field: 'kind', typed: expectedKind, read: reading.kind })
  }
  if (role === 'negative_test') {
    const typedTime = typed.sampledAt ? isoToReadTime(typed.sampledAt) : null
    if (f.sampledAt && typedTime && !sameMinute(f.sampledAt, typed.sampledAt!)) {
      out.push({ field: 'sampledAt', typed: typedTime, read: f.sampledAt })
    }
    if (f.result && f.result !== '阴性') out.push({ field: 'result', typed: '阴性', read: f.result })
    if (f.nameMasked && typed.name?.trim() && !nameMatchesMask(f.nameMasked, typed.name)) {
      out.push({ field: 'nameMasked', typed: typed.name.trim(), read: f.nameMasked })
    }
    if (f.idMasked && typed.idNumber?.trim() && !idMatchesMask(f.idMasked, typed.idNumber)) {
      out.push({ field: 'idMasked', typed: typed.idNumber.trim(), read: f.idMasked })
    }
  }
  // 不确定 (unknown) is an honest answer, not a contradiction of what the popup says
  if (role === 'popup' && f.suggestedCategory && typed.category && typed.category !== 'unknown' && f.suggestedCategory !== typed.category) {
    out.push({ field: 'category', typed: typed.category, read: f.suggestedCategory })
  }
  return out
}
