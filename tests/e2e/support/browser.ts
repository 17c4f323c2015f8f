import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

// Debian's chromium; never a downloaded browser. A missing browser is a failure, not a skip.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium)`)
  }
  // playwright gives every launch a fresh temporary --user-data-dir of its own
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS })
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
export const DESK = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' }

/** Taro's H5 router slides pages in and pickers fade out: wait until nothing animates before a screenshot. */
export async function settle(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(() => {
    // the newest page is marked stationed once its slide-in transition is over
    const pages = document.querySelectorAll('.taro_router > .taro_page')
    const current = pages[pages.length - 1]
    return !!current && current.classList.contains('taro_page_stationed') &&
      document.getAnimations().every((a) => a.playState !== 'running')
  })
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}
