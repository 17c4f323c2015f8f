// Which characters free text may hold, for the form and the server alike.
//
// Refused everywhere: C0 and C1 control characters (NUL, BEL, ESC…: PostgreSQL cannot store NUL at all, and
// the rest only corrupt terminals, logs and CSV exports), DEL, unpaired UTF-16 surrogates (not text: they
// cannot be encoded as UTF-8), the noncharacters U+FFFE/U+FFFF, and the bidirectional overrides/isolates
// that can make a reviewer read a statement in a different order than it was written.
// Multi-line text (the statement, notes, comments) may also hold line breaks and tabs.

const ALWAYS_FORBIDDEN = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufffe\\uffff'
const LINE_ONLY_FORBIDDEN = '\\u0009\\u000a\\u000d\\u2028\\u2029'

const FORBIDDEN_IN_LINE = new RegExp(`[${ALWAYS_FORBIDDEN}${LINE_ONLY_FORBIDDEN}]`)
const FORBIDDEN_IN_TEXT = new RegExp(`[${ALWAYS_FORBIDDEN}]`)
/** a high surrogate not followed by a low one, or a low one not preceded by a high one */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/

/** One line of text (a name, a username, a code): no control characters, no line breaks. */
export function isCleanLine(s: string): boolean {
  return !FORBIDDEN_IN_LINE.test(s) && !LONE_SURROGATE.test(s)
}

/** Multi-line text (statement, notes): line breaks and tabs allowed, other control characters not. */
export function isCleanText(s: string): boolean {
  return !FORBIDDEN_IN_TEXT.test(s) && !LONE_SURROGATE.test(s)
}

/** Length as a person counts it: characters (code points), not UTF-16 units. */
export function charCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}
