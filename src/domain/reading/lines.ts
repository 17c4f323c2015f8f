// Recognised lines as a page: reading order, labels, and the value that belongs to a label.
//
// A result page prints `label value` on one line, `label：value`, the value in its own box to the right on the
// same row, or on the next line under the label. OCR hands back boxes either way, so the boxes decide.
import type { RecognisedLine } from '../../../types/reading'
import { normaliseText } from './times'

/** Below this confidence a line's text is not taken as a value: a field left out beats a wrong one. */
export const MIN_SCORE = 0.8

export interface PageLine extends RecognisedLine {
  /** normalised (half-width, mask stars unified) with the raw text's spacing */
  clean: string
  /** `clean` without any whitespace, for matching labels that OCR spaced out (姓 名) */
  compact: string
}

const centreY = (l: RecognisedLine) => l.box.y + l.box.h / 2

/** Lines with text, normalised, top to bottom and left to right within a row. */
export function toPage(lines: RecognisedLine[]): PageLine[] {
  const page = lines
    .filter((l) => typeof l.text === 'string' && l.text.trim() !== '' && l.box && l.box.h > 0)
    .map((l) => {
      const clean = normaliseText(l.text)
      return { ...l, clean, compact: clean.replace(/\s+/g, '') }
    })
  return page.sort((a, b) => {
    const sameRow = Math.abs(centreY(a) - centreY(b)) < Math.min(a.box.h, b.box.h) / 2
    return sameRow ? a.box.x - b.box.x : centreY(a) - centreY(b)
  })
}

/** The text after a label at the start of a line (spaces inside the label and a colon after it allowed). */
export function afterLabel(line: PageLine, label: string): string | null {
  const pattern = Array.from(label).join(String.raw`\s*`)
  const m = new RegExp(String.raw`^${pattern}\s*[:：]?\s*`).exec(line.clean)
  return m ? line.clean.slice(m[0].length).trim() : null
}

export function startsWithAny(line: PageLine, labels: readonly string[]): boolean {
  return labels.some((label) => line.compact.startsWith(label))
}

/** The nearest line on the same row to the right of `label`. */
function rightOf(page: PageLine[], label: PageLine): PageLine | undefined {
  const h = label.box.h
  return page
    .filter((l) => l !== label && Math.abs(centreY(l) - centreY(label)) < h / 2 && l.box.x >= label.box.x + label.box.w - h * 0.3)
    .sort((a, b) => a.box.x - b.box.x)[0]
}

/** The nearest line just below `label`, starting near its left edge or overlapping it. */
function below(page: PageLine[], label: PageLine): PageLine | undefined {
  const h = label.box.h
  const bottom = label.box.y + label.box.h
  return page
    .filter((l) => {
      if (l === label || l.box.y < label.box.y + h * 0.5 || l.box.y - bottom > h * 1.5) return false
      const overlaps = l.box.x < label.box.x + label.box.w && l.box.x + l.box.w > label.box.x
      return overlaps || Math.abs(l.box.x - label.box.x) < h * 2
    })
    .sort((a, b) =>
      // the next row first; within it, the box starting nearest the label's left edge (two-column grids)
      Math.abs(a.box.y - b.box.y) > h / 2 ? a.box.y - b.box.y : Math.abs(a.box.x - label.box.x) - Math.abs(b.box.x - label.box.x)
    )[0]
}

export interface LabelledValue {
  text: string
  line: PageLine
}

/**
 * Every value printed for any of `labels` (longest label first, so 检测结果 wins over 结果): the rest of the
 * label's line, else the box to its right and the line below — unless that box is itself a label.
 */
export function valuesFor(page: PageLine[], labels: readonly string[], anyLabel: readonly string[]): LabelledValue[] {
  const sorted = [...labels].sort((a, b) => b.length - a.length)
  const values: LabelledValue[] = []
  for (const line of page) {
    const label = sorted.find((l) => line.compact.startsWith(l))
    if (!label) continue
    const rest = afterLabel(line, label)
    if (rest) {
      values.push({ text: rest, line })
      continue
    }
    // both places are offered: the field's parser drops what is not its value (another column's label, an
    // icon's caption), and two that both parse but differ leave the field out
    for (const next of [rightOf(page, line), below(page, line)]) {
      if (next && !startsWithAny(next, anyLabel)) values.push({ text: next.clean, line: next })
    }
  }
  return values
}

/**
 * The one value for a field. Text that does not parse is not this field's value (a footer 结果仅供参考); a value
 * that parses but was read with low confidence, or two values that disagree, leave the field out.
 */
export function oneValue<T>(values: LabelledValue[], parse: (text: string) => T | null, minScore = MIN_SCORE): T | undefined {
  let found: T | undefined
  for (const v of values) {
    const parsed = parse(v.text)
    if (parsed === null) continue
    if (v.line.score < minScore) return undefined
    if (found !== undefined && found !== parsed) return undefined
    found = parsed
  }
  return found
}
