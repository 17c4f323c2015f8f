// Writes the labelled screenshot set of the reading harness (issue 13): tests/fixtures/readings/*.jpg|png
// and expected.json ({file: {kind, fields}}, fields exactly as types/reading.ts names them).
//   npx tsx scripts/reading-fixtures.ts
// Seeded: a re-run draws the same specs and writes the same expected.json (the pictures too, up to the
// browser's and the JPEG encoder's version).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Category } from '../types/appeal'
import type { ReadingFields, ReadingKind } from '../types/reading'
import { launchChromium } from '../tests/e2e/support/browser'
import { renderScreenshot, seeded, type PopupSpec, type ScreenshotSpec, type ScreenshotStyle, type TestResultSpec } from '../tests/support/render-screenshot'

const OUT = resolve(__dirname, '../tests/fixtures/readings')

export interface Labelled {
  file: string
  spec: ScreenshotSpec
  expected: { kind: ReadingKind; fields: ReadingFields }
}

const SEED = 20220126
let random = seeded(SEED)
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
const pad = (n: number) => String(n).padStart(2, '0')

/** wall-clock arithmetic on `YYYY-MM-DD HH:mm` (no zone involved: the string is Beijing time already) */
function addHours(time: string, hours: number): string {
  const t = new Date(`${time.replace(' ', 'T')}:00Z`).getTime() + hours * 3600_000
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ')
}

const WIDTHS = [1080, 720, 1170, 750, 828]
const FONTS: ScreenshotStyle['font'][] = ['sans', 'serif', 'xiaowei']
const LAYOUTS: ScreenshotStyle['layout'][] = ['no_colon', 'colon', 'next_line', 'card']
const DATE_STYLES: ScreenshotStyle['dateStyle'][] = ['dash', 'slash', 'cjk']
const NAMES = ['王*明', '李*', '张*华', '陈*', '刘*婷', '赵*', '孙*杰', '周*', '欧阳*', '吴*芳']
const ID_HEADS = ['1101', '110105', '3201', '440304', '5101', '310']
const INSTITUTIONS = ['示例医院核酸检测点', '示例区疾控中心', '示例第三医院检验科', '示例医学检验实验室', '示例社区卫生服务中心']
const POSITIVE = new Set([2, 9, 15, 19, 22])

function maskedId(i: number): string {
  const head = ID_HEADS[i % ID_HEADS.length]
  // every fourth ID ends in the check letter X
  const tail = i % 4 === 1 ? `${int(100, 999)}X` : String(int(1000, 9999))
  return head + '*'.repeat(18 - head.length - 4) + tail
}

function style(i: number, base: Partial<ScreenshotStyle>): ScreenshotStyle {
  const png = i % 9 === 4
  return {
    width: WIDTHS[i % WIDTHS.length],
    font: FONTS[i % FONTS.length],
    fontScale: [1, 0.92, 1.1][int(0, 2)],
    dark: i % 5 === 3,
    dateStyle: DATE_STYLES[Math.floor(i / 2) % 3],
    seconds: i % 3 === 1,
    format: png ? 'png' : 'jpeg',
    quality: int(60, 92),
    // PNG keeps every grain speck: the two PNGs stay clean so the set stays small
    noise: png ? 0 : [0, 4, 8, 14][int(0, 3)],
    seed: 1000 + i,
    ...base
  }
}

function testResults(count: number): Labelled[] {
  const out: Labelled[] = []
  for (let i = 0; i < count; i++) {
    const year = [2021, 2022, 2022, 2023, 2026][i % 5]
    const sampledAt = `${year}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(6, 20))}:${pad(int(0, 59))}`
    const fields: TestResultSpec['fields'] = {
      nameMasked: NAMES[i % NAMES.length],
      idMasked: maskedId(i),
      sampledAt,
      // some result pages print no test time
      ...(i % 7 === 5 ? {} : { testedAt: addHours(sampledAt, int(3, 30)) }),
      institution: INSTITUTIONS[i % INSTITUTIONS.length],
      result: POSITIVE.has(i) ? '阳性' : '阴性'
    }
    const layout = LAYOUTS[i % LAYOUTS.length]
    const spec: TestResultSpec = { kind: 'test_result', fields, style: style(i, { layout, asciiColon: layout === 'colon' && i % 8 === 5 }) }
    const ext = spec.style?.format === 'png' ? 'png' : 'jpg'
    out.push({ file: `result-${pad(i + 1)}-${layout}.${ext}`, spec, expected: { kind: 'test_result', fields: { ...fields } } })
  }
  return out
}

const POPUP_TEXTS: Record<Exclude<Category, 'unknown'>, string[]> = {
  medicine: [
    '您于元旦后购买过退热、止咳、抗感染、治疗咽干咽痛类药品，请于72小时内完成核酸检测，检测结果出来前减少外出。',
    '您近期在药店购买过“四类药品”，请尽快进行核酸检测，结果为阴性后弹窗将自动解除。'
  ],
  travel: [
    '您14天内有进（返）京行为，且到过京外中高风险地区，请完成两次核酸检测（间隔24小时以上），并在“京心相助”平台报备。',
    '经大数据分析，您近期有京外中高风险地区旅居史，请立即向所在社区报备并配合完成核酸检测。'
  ],
  trajectory: [
    '您与通报病例的活动轨迹存在交集，请按社区要求完成两次核酸检测，并主动向社区报备。',
    '您近期到访过通报病例涉及的风险点位，请尽快向所在社区报告并进行核酸检测。'
  ]
}
const POPUP_CODES = ['4', '2', '3', '1', '5', '6', '12']
const TITLES = ['温馨提示', '健康提示', '重要提示']

function popups(count: number): Labelled[] {
  const categories = Object.keys(POPUP_TEXTS) as (keyof typeof POPUP_TEXTS)[]
  const out: Labelled[] = []
  for (let i = 0; i < count; i++) {
    const category = categories[i % categories.length]
    const popupText = POPUP_TEXTS[category][Math.floor(i / 3) % 2]
    const shownAt = `${[2022, 2022, 2021, 2023][i % 4]}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(6, 22))}:${pad(int(0, 59))}`
    const popupCode = POPUP_CODES[i % POPUP_CODES.length]
    const spec: PopupSpec = {
      kind: 'popup',
      fields: { popupText, popupCode, shownAt },
      codeStyle: (['circled', 'plain', 'padded'] as const)[i % 3],
      codeLine: i % 2 === 0 ? 'inline' : 'separate',
      title: TITLES[i % TITLES.length],
      button: i % 4 === 3 ? '确定' : '我知道了',
      style: style(i + 100, { popupLayout: i % 3 === 2 ? 'sheet' : 'modal', layout: undefined })
    }
    const ext = spec.style?.format === 'png' ? 'png' : 'jpg'
    out.push({
      file: `popup-${pad(i + 1)}-${category}.${ext}`,
      spec,
      expected: { kind: 'popup', fields: { popupText, popupCode, shownAt, suggestedCategory: category } }
    })
  }
  return out
}

function others(): Labelled[] {
  const none = { kind: 'unknown' as const, fields: {} }
  return [
    { file: 'other-01-chat.jpg', spec: { kind: 'chat', style: style(200, { width: 1080 }) }, expected: none },
    { file: 'other-02-plain-code.jpg', spec: { kind: 'plain_code', shownAt: '2022-01-28 08:05', style: style(201, { width: 720 }) }, expected: none },
    { file: 'other-03-plain-code-dark.jpg', spec: { kind: 'plain_code', shownAt: '2022-02-03 19:41', style: style(202, { width: 1170, dark: true }) }, expected: none }
  ]
}

/** The whole labelled set, in file order. Exported so the harness can say which style a miss came from. */
export function labelledSet(): Labelled[] {
  random = seeded(SEED)
  return [...testResults(26), ...popups(13), ...others()]
}

async function main(): Promise<void> {
  const set = labelledSet()
  mkdirSync(OUT, { recursive: true })
  for (const old of readdirSync(OUT)) if (/\.(jpg|png)$/.test(old)) rmSync(join(OUT, old))
  const browser = await launchChromium()
  let bytes = 0
  try {
    for (const item of set) {
      const image = await renderScreenshot(item.spec, browser)
      writeFileSync(join(OUT, item.file), image)
      bytes += image.length
      process.stdout.write(`${item.file} ${(image.length / 1024).toFixed(0)} KB\n`)
    }
  } finally {
    await browser.close()
  }
  const expected = Object.fromEntries(set.map((item) => [item.file, item.expected]))
  writeFileSync(join(OUT, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`)
  process.stdout.write(`${set.length} pictures, ${(bytes / 1024 / 1024).toFixed(2)} MB\n`)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
