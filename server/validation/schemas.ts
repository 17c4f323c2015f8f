// The one place for the shapes route schemas share: ids, tracking numbers, tokens, dates, instants and free
// text. Every string a route reads (path, query, body) is described by one of these, so a malformed value is
// a 400 from the schema before any query runs — never a database error (PostgreSQL refuses NUL with 22021).
//
// Dates, instants and text are checked by the same functions the app's form uses (src/domain/dates.ts,
// src/domain/text.ts), registered as ajv formats by `appFormats`; errors.ts turns a failed format into its
// code (INVALID_DATE, INVALID_CHARACTERS).
import { isCalendarDate, isInstant } from '../../src/domain/dates'
import { isCleanLine, isCleanText } from '../../src/domain/text'
import { TRACKING_ALPHABET } from '../appeals/tracking'

export const FORMATS = {
  /** YYYY-MM-DD naming a real Beijing calendar day in the supported years */
  date: 'calendar-date',
  /** RFC 3339 instant with an explicit offset, on a real day */
  instant: 'instant',
  /** one line of text: no control characters */
  line: 'line-text',
  /** multi-line text: line breaks and tabs, no other control characters */
  text: 'multiline-text'
} as const

/** the part of ajv 8 (Fastify's validator) the plugin uses */
interface FormatHost {
  addFormat(name: string, format: { type: 'string'; validate: (s: string) => boolean }): unknown
}

/** ajv plugin (server/app.ts): the formats above, backed by the shared domain functions. */
export function appFormats<A extends FormatHost>(ajv: A): A {
  ajv.addFormat(FORMATS.date, { type: 'string', validate: isCalendarDate })
  ajv.addFormat(FORMATS.instant, { type: 'string', validate: isInstant })
  ajv.addFormat(FORMATS.line, { type: 'string', validate: isCleanLine })
  ajv.addFormat(FORMATS.text, { type: 'string', validate: isCleanText })
  return ajv
}

/** Row ids (appeals, uploads, reviewers) are v4 UUIDs from randomUUID(): lower-case hex. */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
export const uuid = { type: 'string', pattern: UUID_PATTERN } as const

/** 查询码: YYMMDD-XXXXXX from TRACKING_ALPHABET; typed by people, so either case and surrounding spaces */
export const TRACKING_NO_PATTERN = `^\\s*\\d{6}-[${TRACKING_ALPHABET}${TRACKING_ALPHABET.toLowerCase()}]{6}\\s*$`
export const trackingNo = { type: 'string', maxLength: 32, pattern: TRACKING_NO_PATTERN } as const

/** bearer tokens (base64url of 32 bytes) as a query parameter; empty = none */
export const queryToken = { type: 'string', maxLength: 100, pattern: '^(?:[A-Za-z0-9_-]{20,100})?$' } as const

/** Idempotency-Key header: printable ASCII (server/idempotency/service.ts checks the same) */
export const idempotencyKey = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]{1,128}$' } as const

/** reviewer usernames are 2–40 of [A-Za-z0-9_.-] (server/auth/reviewers.ts); login forgives surrounding spaces */
export const loginUsername = { type: 'string', minLength: 1, maxLength: 100, pattern: '^ *[A-Za-z0-9_.-]{1,64} *$' } as const

/** an opaque base64url cursor */
export const base64urlCursor = { type: 'string', maxLength: 400, pattern: '^[A-Za-z0-9_-]{1,400}$' } as const

// maxLength only bounds the work: anything longer than a date still fails the format, and says INVALID_DATE
export const calendarDate = { type: 'string', maxLength: 40, format: FORMATS.date } as const
export const instant = { type: 'string', maxLength: 40, format: FORMATS.instant } as const

export function line<N extends number>(maxLength: N, minLength = 0) {
  return { type: 'string', minLength, maxLength, format: FORMATS.line } as const
}

export function text<N extends number>(maxLength: N) {
  return { type: 'string', maxLength, format: FORMATS.text } as const
}

/** path parameters of every /…/:id route */
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: uuid }
} as const
