// Scoring a reading against its label (issue 13's accuracy harness): per field, exact / missing / wrong.
// "wrong" is the failure that matters: a value shown to a citizen or a reviewer as read that the picture does
// not say. A field read from a picture that does not print it counts as wrong too.
import type { ReadingFields, ReadingKind } from '../../types/reading'

export type Outcome = 'exact' | 'missing' | 'wrong'

export interface Labelled {
  kind: ReadingKind
  fields: ReadingFields
}

export interface FieldResult {
  field: keyof ReadingFields
  outcome: Outcome
  expected?: string
  read?: string
}

export interface ImageResult {
  file: string
  kindExpected: ReadingKind
  kindRead: ReadingKind
  fields: FieldResult[]
  ms: number
}

/**
 * popupText is free prose: it is compared without punctuation and spaces (OCR drops a comma at a line end,
 * or reads 。 as .), which changes nothing a reviewer reads or the category suggestion uses. Every other field
 * must match to the character.
 */
export function comparable(field: keyof ReadingFields, value: string): string {
  if (field !== 'popupText') return value
  return value.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '')
}

export function scoreImage(file: string, expected: Labelled, read: Labelled, ms: number): ImageResult {
  const names = new Set([...Object.keys(expected.fields), ...Object.keys(read.fields)]) as Set<keyof ReadingFields>
  const fields: FieldResult[] = []
  for (const field of names) {
    const want = expected.fields[field]
    const got = read.fields[field]
    if (want === undefined) fields.push({ field, outcome: 'wrong', read: got })
    else if (got === undefined) fields.push({ field, outcome: 'missing', expected: want })
    else fields.push({ field, outcome: comparable(field, got) === comparable(field, want) ? 'exact' : 'wrong', expected: want, read: got })
  }
  return { file, kindExpected: expected.kind, kindRead: read.kind, fields, ms }
}

export interface Tally {
  expected: number
  exact: number
  missing: number
  wrong: number
}

export interface Summary {
  images: number
  kindsCorrect: number
  overall: Tally & { exactShare: number }
  perField: Record<string, Tally>
  msPerImage: { mean: number; p50: number; max: number }
}

export function summarise(results: ImageResult[]): Summary {
  const perField: Record<string, Tally> = {}
  const overall: Tally = { expected: 0, exact: 0, missing: 0, wrong: 0 }
  for (const r of results) {
    for (const f of r.fields) {
      const t = (perField[f.field] ??= { expected: 0, exact: 0, missing: 0, wrong: 0 })
      // a field read off a picture that does not print it is a wrong value, not an expected field
      if (f.expected !== undefined) {
        t.expected++
        overall.expected++
      }
      t[f.outcome]++
      overall[f.outcome]++
    }
  }
  const ms = results.map((r) => r.ms).sort((a, b) => a - b)
  const mean = ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)
  return {
    images: results.length,
    kindsCorrect: results.filter((r) => r.kindRead === r.kindExpected).length,
    overall: { ...overall, exactShare: overall.expected ? overall.exact / overall.expected : 0 },
    perField,
    msPerImage: { mean: Math.round(mean), p50: ms[Math.floor(ms.length / 2)] ?? 0, max: ms[ms.length - 1] ?? 0 }
  }
}

/** A plain table for the jest log: field, expected, exact, missing, wrong. */
export function summaryTable(s: Summary): string {
  const rows = Object.entries(s.perField).map(
    ([field, t]) => `${field.padEnd(18)} ${String(t.expected).padStart(4)} ${String(t.exact).padStart(6)} ${String(t.missing).padStart(8)} ${String(t.wrong).padStart(6)}`
  )
  const o = s.overall
  return [
    `${'field'.padEnd(18)} ${'exp'.padStart(4)} ${'exact'.padStart(6)} ${'missing'.padStart(8)} ${'wrong'.padStart(6)}`,
    ...rows,
    `${'all'.padEnd(18)} ${String(o.expected).padStart(4)} ${String(o.exact).padStart(6)} ${String(o.missing).padStart(8)} ${String(o.wrong).padStart(6)}`,
    `exact ${(o.exactShare * 100).toFixed(1)}% · kinds ${s.kindsCorrect}/${s.images} · ${s.msPerImage.mean} ms/picture (p50 ${s.msPerImage.p50}, max ${s.msPerImage.max})`
  ].join('\n')
}
