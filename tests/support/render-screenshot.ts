// Synthetic phone screenshots for the reading tests (issue 13): an HTML page drawn in headless Chromium with
// CJK fonts from npm packages (so a machine with no Chinese font draws glyphs, not boxes), then grain and
// JPEG compression through sharp. The committed labelled set (scripts/reading-fixtures.ts) and tests that
// need a screenshot with given fields on the fly (e.g. a result sampled two hours ago) both come through here.
import { readFileSync } from 'node:fs'
import { join, normalize, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { launchChromium } from '../e2e/support/browser'
import { FONT_FAMILIES, screenshotHtml } from '../reading/screenshot-html'

export type DateStyle = 'dash' | 'slash' | 'cjk'

export interface ScreenshotStyle {
  /** image pixels; default 1080 × (width × 2339 / 1080) */
  width?: number
  height?: number
  font?: keyof typeof FONT_FAMILIES
  /** multiplies the 16 px base type */
  fontScale?: number
  dark?: boolean
  /** test results: 姓名：王*明 on one line / label left, value right / value on the next line / tiles */
  layout?: 'colon' | 'no_colon' | 'next_line' | 'card'
  /** with layout 'colon': "姓名: " instead of "姓名：" */
  asciiColon?: boolean
  popupLayout?: 'modal' | 'sheet'
  /** 2022-01-26 / 2022/01/26 / 2022年01月26日 */
  dateStyle?: DateStyle
  /** print seconds after HH:mm */
  seconds?: boolean
  format?: 'png' | 'jpeg'
  /** JPEG quality, default 85 */
  quality?: number
  /** grain amplitude in 0–255 levels, default 0 */
  noise?: number
  /** seeds the grain so a re-run draws the same picture */
  seed?: number
}

/** Field values in the contract's form (types/reading.ts): times are Beijing `YYYY-MM-DD HH:mm`. */
export interface TestResultSpec {
  kind: 'test_result'
  fields: { sampledAt: string; testedAt?: string; result: string; nameMasked?: string; idMasked?: string; institution?: string }
  style?: ScreenshotStyle
}

export interface PopupSpec {
  kind: 'popup'
  /** popupCode in digits ("4"); codeStyle says how it is printed */
  fields: { popupText: string; popupCode: string; shownAt: string }
  codeStyle?: 'circled' | 'plain' | 'padded'
  /** 'inline': 弹窗编号 ④ · time on one line; 'separate': 弹窗编号 and 弹窗时间 on two labelled lines */
  codeLine?: 'inline' | 'separate'
  title?: string
  button?: string
  style?: ScreenshotStyle
}

/** Pictures that are neither: a chat about tests, a health-code page with no popup. */
export interface OtherSpec {
  kind: 'chat' | 'plain_code'
  shownAt?: string
  style?: ScreenshotStyle
}

export type ScreenshotSpec = TestResultSpec | PopupSpec | OtherSpec

const root = resolve(__dirname, '../..')
const ORIGIN = 'http://screenshot.test'

/** Beijing wall-clock time `YYYY-MM-DD HH:mm` of an instant, whatever the machine's zone. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** mulberry32: a small seeded generator, so the grain (and the labelled set's choices) are the same on every run */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function postProcess(png: Buffer, style: ScreenshotStyle): Promise<Buffer> {
  let image = sharp(png)
  const noise = style.noise ?? 0
  if (noise > 0) {
    const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const random = seeded(style.seed ?? 1)
    for (let i = 0; i < data.length; i += 3) {
      // luminance grain, like a phone camera's or a re-shared picture's, rather than colour confetti
      const delta = Math.round((random() - 0.5) * 2 * noise)
      for (let ch = 0; ch < 3; ch++) data[i + ch] = Math.max(0, Math.min(255, data[i + ch] + delta))
    }
    image = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
  }
  if (style.format === 'png') return image.png({ compressionLevel: 9 }).toBuffer()
  return image.jpeg({ quality: style.quality ?? 85, mozjpeg: true }).toBuffer()
}

/** Serves the page and the font files from node_modules under one made-up origin (fonts need http, not file). */
async function drawPng(browser: Browser, spec: ScreenshotSpec): Promise<Buffer> {
  const style = spec.style ?? {}
  const width = style.width ?? 1080
  const height = style.height ?? Math.round((width * 2339) / 1080)
  const scale = width >= 1000 ? 3 : 2
  const context = await browser.newContext({
    viewport: { width: Math.ceil(width / scale), height: Math.ceil(height / scale) },
    deviceScaleFactor: scale,
    locale: 'zh-CN'
  })
  try {
    const page = await context.newPage()
    const html = screenshotHtml(spec)
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname
      if (path === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html })
      const modules = join(root, 'node_modules')
      const file = normalize(join(modules, decodeURIComponent(path.replace(/^\/fonts\//, ''))))
      if (!path.startsWith('/fonts/@fontsource') || !file.startsWith(modules)) return route.fulfill({ status: 404 })
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'font/woff'
      return route.fulfill({ contentType: type, body: readFileSync(file) })
    })
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load' })
    // every unicode-range slice the text uses must have arrived, or the picture holds fallback boxes
    const family = FONT_FAMILIES[style.font ?? 'sans'].family
    const loaded = await page.evaluate(
      `document.fonts.ready.then(() => [...document.fonts].some((f) => f.family.replace(/"/g, '') === '${family}' && f.status === 'loaded'))`
    )
    if (loaded !== true) throw new Error(`font ${family} did not load for the screenshot`)
    // the viewport is whole CSS pixels: cut the picture to the exact size asked for
    const png = await page.screenshot({ type: 'png' })
    return sharp(png).extract({ left: 0, top: 0, width, height }).png({ compressionLevel: 1 }).toBuffer()
  } finally {
    await context.close()
  }
}

/**
 * One synthetic screenshot. Pass a browser to draw many; without one, a Chromium is started for this
 * picture and closed again.
 */
export async function renderScreenshot(spec: ScreenshotSpec, browser?: Browser): Promise<Buffer> {
  const own = browser ?? (await launchChromium())
  try {
    return await postProcess(await drawPng(own, spec), spec.style ?? {})
  } finally {
    if (!browser) await own.close()
  }
}
