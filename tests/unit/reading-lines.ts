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

/** Lines the OCR engine (server/reading/engine.ts) returned for pictures of the labelled set (tests/fixtures/readings). */
export const OCR_CAPTURES: Record<string, RecognisedLine[]> = {
  'result-07-next_line.jpg': [
    { text: "06:40 5G78%", score: 0.983, box: { x: 37, y: 33, w: 644, h: 36 } },
    { text: "核酸检测结果 （示例）", score: 0.926, box: { x: 180, y: 129, w: 335, h: 37 } },
    { text: "姓名", score: 0.997, box: { x: 56, y: 522, w: 69, h: 39 } },
    { text: "孙*杰", score: 0.924, box: { x: 57, y: 583, w: 83, h: 37 } },
    { text: "证件号码", score: 0.999, box: { x: 59, y: 674, w: 130, h: 35 } },
    { text: "1101**********176", score: 0.984, box: { x: 56, y: 729, w: 293, h: 41 } },
    { text: "采样时间", score: 0.999, box: { x: 60, y: 825, w: 129, h: 32 } },
    { text: "2022-09-0719:40", score: 0.991, box: { x: 61, y: 888, w: 254, h: 27 } },
    { text: "检测时间", score: 0.999, box: { x: 58, y: 973, w: 130, h: 36 } },
    { text: "2022-09-0806:40", score: 0.992, box: { x: 61, y: 1038, w: 253, h: 27 } },
    { text: "检测机构", score: 1, box: { x: 59, y: 1124, w: 130, h: 36 } },
    { text: "示例区疾控中心", score: 0.994, box: { x: 61, y: 1186, w: 221, h: 31 } },
    { text: "检测结果", score: 0.997, box: { x: 58, y: 1273, w: 131, h: 36 } },
    { text: "阴性", score: 0.993, box: { x: 57, y: 1334, w: 95, h: 53 } },
    { text: "结果仅考示媄测精实興报告为", score: 0.788, box: { x: 56, y: 1483, w: 580, h: 51 } }
  ],
  'result-13-no_colon.jpg': [
    { text: "21:40 5G78%", score: 0.982, box: { x: 56, y: 52, w: 1052, h: 47 } },
    { text: "核酸检测结果 （示例）", score: 0.903, box: { x: 319, y: 194, w: 499, h: 55 } },
    { text: "姓名 张*华", score: 0.994, box: { x: 86, y: 796, w: 997, h: 57 } },
    { text: "证件号码 1101***********3674", score: 0.95, box: { x: 91, y: 949, w: 997, h: 63 } },
    { text: "采样时间 2022-03-13 08:38", score: 0.981, box: { x: 90, y: 1118, w: 987, h: 50 } },
    { text: "检测机构 示例第三医院检验科", score: 0.996, box: { x: 88, y: 1275, w: 988, h: 53 } },
    { text: "检测结果 阴性", score: 0.995, box: { x: 89, y: 1438, w: 994, h: 74 } },
    { text: "结果仅供参考，以检测机构出具的报告为准。", score: 0.978, box: { x: 92, y: 1694, w: 919, h: 43 } },
    { text: "本图为演示样例，非真实检测记录", score: 0.991, box: { x: 296, y: 2423, w: 580, h: 37 } }
  ],
  'popup-02-travel.jpg': [
    { text: "13:21 5GI78%", score: 0.946, box: { x: 36, y: 24, w: 645, h: 38 } },
    { text: "健康宝（示例）", score: 0.978, box: { x: 230, y: 110, w: 241, h: 37 } },
    { text: "健康提示", score: 0.999, box: { x: 281, y: 511, w: 161, h: 43 } },
    { text: "您14天内有进（返）京行为，且到过", score: 0.993, box: { x: 93, y: 592, w: 529, h: 31 } },
    { text: "京外中高风险地区，请完成两次核酸", score: 0.97, box: { x: 94, y: 652, w: 535, h: 27 } },
    { text: "检测（间隔24小时以上），并在", score: 0.988, box: { x: 90, y: 707, w: 473, h: 30 } },
    { text: "“京心相助”平台报备，", score: 0.911, box: { x: 110, y: 764, w: 331, h: 30 } },
    { text: "弹窗编号：2", score: 0.97, box: { x: 91, y: 826, w: 161, h: 28 } },
    { text: "弹窗时间：2022年07月16日13:21", score: 0.971, box: { x: 91, y: 872, w: 419, h: 27 } },
    { text: "我知道了", score: 0.996, box: { x: 290, y: 969, w: 138, h: 32 } }
  ],
  'popup-07-medicine.jpg': [
    { text: "08:43 5G78%", score: 0.989, box: { x: 37, y: 31, w: 643, h: 35 } },
    { text: "健康宝（示例）", score: 0.977, box: { x: 243, y: 122, w: 214, h: 35 } },
    { text: "温馨提示", score: 0.998, box: { x: 288, y: 520, w: 146, h: 39 } },
    { text: "您于元旦后购买过退热、止咳、抗感染、", score: 0.976, box: { x: 90, y: 605, w: 515, h: 30 } },
    { text: "治疗咽干咽痛类药品，请于72小时内完成", score: 0.994, box: { x: 91, y: 659, w: 540, h: 27 } },
    { text: "核酸检测，检测结果出来前减少外出。", score: 0.997, box: { x: 91, y: 711, w: 484, h: 30 } },
    { text: "弹窗编号①2·2021年12月13日08:43:14", score: 0.935, box: { x: 90, y: 774, w: 441, h: 24 } },
    { text: "我知道了", score: 0.999, box: { x: 295, y: 879, w: 128, h: 36 } }
  ],
  'other-01-chat.jpg': [
    { text: "08:06 5G78%", score: 0.974, box: { x: 60, y: 41, w: 959, h: 48 } },
    { text: "王小明（示例）", score: 0.987, box: { x: 328, y: 174, w: 389, h: 52 } },
    { text: "昨天21:40", score: 0.98, box: { x: 449, y: 306, w: 185, h: 42 } },
    { text: "你核酸做了吗？明天进小区要", score: 0.974, box: { x: 80, y: 418, w: 683, h: 44 } },
    { text: "看", score: 1, box: { x: 74, y: 493, w: 50, h: 51 } },
    { text: "做了，今天上午九点多采的样", score: 0.978, box: { x: 313, y: 686, w: 687, h: 41 } },
    { text: "结果出来了吗？健康宝还弹窗", score: 0.98, box: { x: 79, y: 871, w: 687, h: 44 } },
    { text: "还没出，说要等十二个小时左", score: 0.983, box: { x: 311, y: 1135, w: 691, h: 48 } },
    { text: "右", score: 0.997, box: { x: 958, y: 1212, w: 46, h: 50 } },
    { text: "今天08:05", score: 0.954, box: { x: 444, y: 1373, w: 197, h: 38 } },
    { text: "出来了记得截图发我一下", score: 0.99, box: { x: 83, y: 1482, w: 574, h: 44 } },
    { text: "本图为演示样例，非真实聊天记录", score: 0.938, box: { x: 233, y: 2236, w: 619, h: 34 } }
  ]
}
