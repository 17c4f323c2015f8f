// Fields of a health-code page with a popup: its message, 弹窗编号, when it was shown, and what it is about.
import type { Category } from '../../../types/appeal'
import type { PopupFields } from '../../../types/reading'
import { MIN_SCORE, startsWithAny, valuesFor, type PageLine } from './lines'
import { findReadTimes } from './times'

export const POPUP_TITLES = ['温馨提示', '健康提示', '重要提示', '提示'] as const
export const POPUP_BUTTONS = ['我知道了', '知道了', '确定'] as const
export const POPUP_CODE_LABEL = '弹窗编号'
export const SHOWN_AT_LABEL = '弹窗时间'

/** ① … ⑳, ⑴ … ⒇, ❶ … ❿ as the number they circle. */
function circledValue(c: string): number | null {
  const code = c.codePointAt(0) ?? 0
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1
  if (code >= 0x2474 && code <= 0x2487) return code - 0x2474 + 1
  if (code >= 0x2776 && code <= 0x277f) return code - 0x2776 + 1
  return null
}

/** The code right after 弹窗编号 — a circled digit or 1–3 digits not running into a date — as plain digits. */
export function parsePopupCode(text: string): string | null {
  // a circled digit followed by a digit is ⑫ read as ①2: which one was printed is a guess
  // digits then a colon are a code only when a full date follows (① · read as 1：2021/06/11), never 12:30
  const m = /^[:：]?\s*(?:([\u2460-\u2487\u2776-\u277f])(?!\d)|(\d{1,3})(?![\d\-/.年]|[:：]\s*(?!\d{4}[-/.年])))/.exec(
    text.trim()
  )
  if (!m) return null
  const n = m[1] ? circledValue(m[1]) : Number(m[2])
  return n === null ? null : String(n)
}

function codeOf(page: PageLine[]): { code?: string; line?: PageLine } {
  const line = page.find((l) => l.compact.includes(POPUP_CODE_LABEL))
  if (!line) return {}
  const rest = line.clean.slice(line.clean.indexOf(POPUP_CODE_LABEL) + POPUP_CODE_LABEL.length)
  let code = parsePopupCode(rest)
  let from = line
  if (code === null && rest.trim() === '') {
    // the code in its own box beside or under the label
    const next = valuesFor(page, [POPUP_CODE_LABEL], [POPUP_CODE_LABEL])[0]
    code = next ? parsePopupCode(next.text) : null
    if (next) from = next.line
  }
  return { code: code !== null && from.score >= MIN_SCORE ? code : undefined, line }
}

const isTimeOnly = (l: PageLine) => /^[\d\s\-/.:年月日]+$/.test(l.clean) && findReadTimes(l.clean).length > 0

/** Prose has no pattern to check it against: a slipped character (分新 for 分析) came back at 0.93–0.947 on
 *  the labelled set and a fresh set, right lines mostly at 0.96 and above, so the message asks for 0.96. */
const MESSAGE_MIN_SCORE = 0.96

/** The message lines between the title and the code / button; left out unless both ends are found. */
function messageOf(page: PageLine[], codeLine?: PageLine): string | undefined {
  const start = page.findIndex((l) => startsWithAny(l, POPUP_TITLES) && l.compact.length <= 6)
  if (start < 0) return undefined
  const end = page.findIndex((l, i) => i > start && (l === codeLine || (startsWithAny(l, POPUP_BUTTONS) && l.compact.length <= 4)))
  if (end < 0) return undefined
  const message = page.slice(start + 1, end).filter((l) => !isTimeOnly(l))
  if (message.length === 0 || message.some((l) => l.score < MESSAGE_MIN_SCORE)) return undefined
  return message.map((l) => l.clean).join('')
}

/** Which situation the text describes; none when it names none, or more than one. */
const CATEGORY_CUES: Array<[Category, RegExp]> = [
  ['medicine', /购买.{0,20}药|药品|退热|止咳|抗感染|咽干咽痛/],
  ['travel', /外省|进\s*[(（]?\s*返\s*[)）]?\s*京|返京|进京|旅居|京外/],
  ['trajectory', /时空伴随|轨迹|与确诊|风险点位|密切接触|密接/]
]

export function suggestCategory(text: string): Category | undefined {
  const hits = CATEGORY_CUES.filter(([, cue]) => cue.test(text)).map(([category]) => category)
  return hits.length === 1 ? hits[0] : undefined
}

/** The time in the popup's code line first, then under 弹窗时间, else the one date-time the page prints (two that differ: none). */
function shownAtOf(page: PageLine[], codeLine?: PageLine): string | undefined {
  const inCode = codeLine ? [...new Set(findReadTimes(codeLine.clean))] : []
  if (inCode.length === 1) return codeLine!.score >= MIN_SCORE ? inCode[0] : undefined
  const labelled = page.find((l) => l.compact.startsWith(SHOWN_AT_LABEL))
  const inLabel = labelled ? [...new Set(findReadTimes(labelled.clean))] : []
  if (inLabel.length === 1) return labelled!.score >= MIN_SCORE ? inLabel[0] : undefined
  const timed = page.filter((l) => findReadTimes(l.clean).length > 0)
  if (timed.some((l) => l.score < MIN_SCORE)) return undefined
  const all = [...new Set(timed.flatMap((l) => findReadTimes(l.clean)))]
  return all.length === 1 ? all[0] : undefined
}

export function extractPopup(page: PageLine[]): PopupFields {
  const { code, line: codeLine } = codeOf(page)
  const popupText = messageOf(page, codeLine)
  const confident = page.filter((l) => l.score >= MIN_SCORE).map((l) => l.clean).join('')
  const fields: PopupFields = {
    popupText,
    popupCode: code,
    shownAt: shownAtOf(page, codeLine),
    suggestedCategory: suggestCategory(popupText ?? confident)
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as PopupFields
}
