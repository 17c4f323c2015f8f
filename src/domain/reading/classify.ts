// Which layout a screenshot is: a nucleic-acid result page, a health-code page with a popup, or neither.
import type { ReadingKind } from '../../../types/reading'
import { startsWithAny, type PageLine } from './lines'
import { POPUP_BUTTONS, POPUP_CODE_LABEL } from './popup'
import { TEST_LABELS } from './test-result'

/** What a popup page says; matched on the page's text run together, since OCR breaks the message into lines. */
const POPUP_CUES: RegExp[] = [new RegExp(POPUP_CODE_LABEL), /健康宝|健康码/, /弹窗/, /请于.{0,12}(完成|进行).{0,6}核酸/, /减少外出|居家/]

export function classify(page: PageLine[]): ReadingKind {
  // a result page is its labels: how many different fields have a label starting a line
  const testScore = Object.values(TEST_LABELS).filter((labels) => page.some((l) => startsWithAny(l, labels))).length
  const text = page.map((l) => l.compact).join('')
  const popupScore =
    POPUP_CUES.filter((cue) => cue.test(text)).length +
    (page.some((l) => l.compact === '温馨提示') ? 1 : 0) +
    (page.some((l) => POPUP_BUTTONS.some((b) => l.compact === b)) ? 1 : 0)
  if (testScore >= 3 && testScore > popupScore) return 'test_result'
  if (popupScore >= 2) return 'popup'
  if (testScore >= 2) return 'test_result'
  return 'unknown'
}
