// Screenshots read into fields (issue 13): recognised lines in, the page's kind and the fields surely read out.
import type { ReadingFields, ReadingKind, RecognisedLine } from '../../../types/reading'
import { classify } from './classify'
import { toPage } from './lines'
import { extractPopup } from './popup'
import { extractTestResult } from './test-result'

export { classify } from './classify'
export { suggestCategory, parsePopupCode } from './popup'
export { findReadTimes, isoToReadTime, normaliseText, parseReadTime, readTimeToIso } from './times'
export { MIN_SCORE } from './lines'
export * from './mismatch'
export * from './warnings'

export function readScreenshot(lines: RecognisedLine[]): { kind: ReadingKind; fields: ReadingFields } {
  const page = toPage(lines)
  const kind = classify(page)
  if (kind === 'test_result') return { kind, fields: extractTestResult(page) }
  if (kind === 'popup') return { kind, fields: extractPopup(page) }
  return { kind: 'unknown', fields: {} }
}
