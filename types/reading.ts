// What the server read from a screenshot (issue 13), as both the app and the server mean it.
//
// A field the reader is not sure of is left out: every value here was read from the picture, never guessed.
import type { Category } from './appeal'

export const READING_STATUSES = ['pending', 'done', 'failed', 'skipped'] as const
/** pending: queued or being read; done: read (fields may still be empty); failed: the reader crashed or timed
 *  out; skipped: reading is turned off on this server (READING_WORKERS=0) */
export type ReadingStatus = (typeof READING_STATUSES)[number]

export const READING_KINDS = ['test_result', 'popup', 'unknown'] as const
export type ReadingKind = (typeof READING_KINDS)[number]

/** Read off a nucleic-acid result page. Times are Beijing time, `YYYY-MM-DD HH:mm`. */
export interface TestResultFields {
  sampledAt?: string
  testedAt?: string
  /** 阴性 / 阳性 / other text exactly as read */
  result?: string
  /** as printed, mask characters kept: 王*明 */
  nameMasked?: string
  /** as printed, mask characters kept: 1101**********1234 */
  idMasked?: string
  institution?: string
}

/** Read off a health-code page with a popup. */
export interface PopupFields {
  /** the popup's message, its lines joined without the title and button */
  popupText?: string
  /** 弹窗编号 as printed: ④, 4, 04 … normalised to the digits ("4") */
  popupCode?: string
  /** Beijing time, `YYYY-MM-DD HH:mm` */
  shownAt?: string
  /** which of the situations the text describes (src/domain/categories.ts) */
  suggestedCategory?: Category
}

export type ReadingFields = TestResultFields & PopupFields

export interface Reading {
  status: ReadingStatus
  kind: ReadingKind
  fields: ReadingFields
}

/** GET /api/v1/uploads/:id — the owner only; anyone else gets 404. */
export interface UploadInfoResponse {
  id: string
  width: number
  height: number
  bytes: number
  reading: Reading
}

/** One line the OCR engine recognised: its text, its confidence 0–1, and its box in image pixels. */
export interface RecognisedLine {
  text: string
  score: number
  box: { x: number; y: number; w: number; h: number }
}

/** Fields compared between what the citizen typed and what the screenshot says. */
export const MISMATCH_FIELDS = ['sampledAt', 'result', 'nameMasked', 'idMasked', 'category', 'kind'] as const
export type MismatchField = (typeof MISMATCH_FIELDS)[number]

export interface Mismatch {
  field: MismatchField
  /** what the citizen typed, as shown to the reviewer (e.g. "2026-01-27 08:02", "张三", "阴性") */
  typed: string
  /** what was read from the screenshot */
  read: string
}

/** Per screenshot in the reviewer's appeal view: its reading and where it disagrees with the form. */
export interface ShotReading {
  /** upload id */
  shot: string
  role: 'popup' | 'negative_test'
  /** negative tests: the index in negativeTests; the popup: null */
  index: number | null
  reading: Reading
  mismatches: Mismatch[]
}
