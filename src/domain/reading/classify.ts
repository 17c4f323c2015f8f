// Which layout a screenshot is: a nucleic-acid result page, a health-code page with a popup, or neither.
import type { ReadingKind } from '../../../types/reading'
import { startsWithAny, type PageLine } from './lines'
import { POPUP_BUTTONS, POPUP_CODE_LABEL, POPUP_TITLES } from './popup'
import { TEST_LABELS } from './test-result'

/** What a popup page says; matched on the page's text run together, since OCR breaks the message into lines. */
const POPUP_CUES: RegExp[] = [/健康宝|健康码/, /弹窗/, /请于.{0,12}(完成|进行).{0,6}核酸/, /减少外出|居家/]

/** What only a popup dialog prints: its title or button on a line of its own, or 弹窗编号. A chat that says
 *  健康宝还弹窗 is not a popup. */
function popupStructure(page: PageLine[]): number {
  return (
    (page.some((l) => POPUP_TITLES.some((t) => l.compact === t)) ? 1 : 0) +
    (page.some((l) => POPUP_BUTTONS.some((b) => l.compact === b)) ? 1 : 0) +
    (page.some((l) => l.compact.includes(POPUP_CODE_LABEL)) ? 1 : 0)
  )
}

export function classify(page: PageLine[]): ReadingKind {
  // a result page is its labels: how many different fields have a label starting a line
  const testScore = Object.values(TEST_LABELS).filter((labels) => page.some((l) => startsWithAny(l, labels))).length
  const text = page.map((l) => l.compact).join('')
  const structure = popupStructure(page)
  const popupScore = structure + POPUP_CUES.filter((cue) => cue.test(text)).length
  if (testScore >= 3 && testScore > popupScore) return 'test_result'
  if (structure >= 1 && popupScore >= 2) return 'popup'
  if (testScore >= 2) return 'test_result'
  return 'unknown'
}
