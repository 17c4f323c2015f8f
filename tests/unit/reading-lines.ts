// Builders for recognised-line fixtures: what the OCR engine hands back, placed like a 1080-px-wide phone page.
import type { RecognisedLine } from '../../types/reading'

const CHAR_W = 40
const LINE_H = 48

/** One recognised line at (x, y); its width follows its text. */
export function line(text: string, x: number, y: number, score = 0.98, h = LINE_H): RecognisedLine {
  return { text, score, box: { x, y, w: Math.max(1, Array.from(text).length) * CHAR_W, h } }
}

/** Lines stacked down the page from `top`, each row `gap` px below the last, all left-aligned at `x`. */
export function column(texts: string[], x = 60, top = 300, gap = 90): RecognisedLine[] {
  return texts.map((t, i) => line(t, x, top + i * gap))
}

/** Label and value as two boxes on one row, the value right-aligned as result pages print them. */
export function row(label: string, value: string, y: number, score = 0.98): RecognisedLine[] {
  return [line(label, 60, y), line(value, 1020 - Array.from(value).length * CHAR_W, y, score)]
}

/** The phone's status bar: a clock, signal and battery; never a field. */
export function statusBar(clock = '21:40'): RecognisedLine[] {
  return [line(clock, 40, 12, 0.99, 36), line('4G', 820, 12, 0.9, 36), line('61%', 940, 12, 0.95, 36)]
}

/** negative-1.png as the engine reads it. */
export function negativeSample(): RecognisedLine[] {
  return [
    line('21:40 4G  61%', 40, 12, 0.93, 36),
    line('核酸检测结果（示例）', 300, 140, 0.99, 60),
    ...column(['姓名 王*明', '证件号码 1101**********1234', '采样时间 2022-01-26 09:12', '检测时间 2022-01-26 21:40', '检测机构 示例医院核酸检测点', '检测结果 阴性']),
    line('本页面仅为示例，不代表真实检测记录', 120, 2100, 0.95),
    line('结果仅供参考', 380, 2180, 0.97)
  ]
}

/** popup.png as the engine reads it. */
export function popupSample(): RecognisedLine[] {
  return [
    line('温馨提示', 460, 820, 0.99),
    line('您于元旦后购买过退热、止咳、抗感染、', 140, 920, 0.97),
    line('治疗咽干咽痛类药品，请于72小时内完成', 140, 990, 0.96),
    line('核酸检测，检测结果出来前减少外出。', 140, 1060, 0.97),
    line('弹窗编号④·2022-01-2808:05', 300, 1160, 0.9),
    line('我知道了', 460, 1290, 0.99),
    line('2022-01-2808:05', 380, 1900, 0.95)
  ]
}
