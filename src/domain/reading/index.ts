// Screenshots read into fields (issue 13): recognised lines in, the page's kind and the fields surely read out.
import type { ReadingFields, ReadingKind, RecognisedLine } from '../../../types/reading'
import { classify } from './classify'
import { toPage } from './lines'
import { extractPopup } from './popup'
import { extractTestResult } from './test-result'

export { classify } from './classify'
export { extractPopup, parsePopupCode, suggestCategory, POPUP_BUTTONS, POPUP_CODE_LABEL, POPUP_TITLES, SHOWN_AT_LABEL } from './popup'
export { extractTestResult, ALL_TEST_LABELS, TEST_LABELS } from './test-result'
export { findReadTimes, fixLetterO, isoToReadTime, normaliseText, parseReadTime, readTimeToIso } from './times'
export { MIN_SCORE, toPage, type PageLine } from './lines'
export * from './mismatch'
export * from './warnings'
export { checkEvidenceWithReadings, type ReadEvidenceInput } from './evidence'

export function readScreenshot(lines: RecognisedLine[]): { kind: ReadingKind; fields: ReadingFields } {
  const page = toPage(lines)
  const kind = classify(page)
  if (kind === 'test_result') return { kind, fields: extractTestResult(page) }
  if (kind === 'popup') return { kind, fields: extractPopup(page) }
  return { kind: 'unknown', fields: {} }
}
