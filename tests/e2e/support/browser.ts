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
