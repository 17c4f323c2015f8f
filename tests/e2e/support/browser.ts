import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

// Which Chromium: CHROMIUM_PATH when set (an explicit choice never falls back), else the system's
// /usr/bin/chromium, else the headless build shipped inside the npm package @sparticuz/chromium, so a
// fresh clone needs nothing but `npm install`. A missing browser is a failure, never a skip.
// E2E_BROWSER=npm skips the first two, so CI proves the stranger's path even on a machine that has one.
const SYSTEM_CHROMIUM = '/usr/bin/chromium'
const root = resolve(__dirname, '../../..')
const NPM_PACKAGE = join(root, 'node_modules/@sparticuz/chromium')

/**
 * The README pictures (docs/screenshots) are tracked files: `npm test` writes its copies under
 * test-artifacts/readme, and only `npm run screenshots` (README_SCREENSHOTS=1) replaces the tracked ones.
 */
export const README_SCREENSHOTS = process.env.README_SCREENSHOTS === '1'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

interface Executable {
  path: string
  /** what the launched process needs besides our own environment */
  env: Record<string, string>
  source: string
}

function fromSystem(): Executable | undefined {
  const explicit = process.env.CHROMIUM_PATH
  if (process.env.E2E_BROWSER === 'npm') {
    if (explicit) throw new Error('E2E_BROWSER=npm and CHROMIUM_PATH contradict each other: unset one')
    return undefined
  }
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist (unset it to use the system or npm Chromium)`)
    return { path: explicit, env: {}, source: `CHROMIUM_PATH (${explicit})` }
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, env: {}, source: SYSTEM_CHROMIUM }
  return undefined
}

/** fontconfig for the npm build: the system's fonts (a CJK font, if installed) plus the package's own. */
function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    '  <dir>/usr/share/fonts</dir>',
    '  <dir>/usr/local/share/fonts</dir>',
    `  <dir>${dir}/fonts</dir>`,
    `  <cachedir>${dir}/fonts-cache</cachedir>`,
    '</fontconfig>',
    ''
  ].join('\n')
}

/**
 * Unpacks @sparticuz/chromium once per version into the temp dir and reuses it afterwards. The package is
 * ESM and writes into os.tmpdir(), so a child node does the unpacking with TMPDIR pointed at a private
 * staging folder; the finished folder is renamed into place, so parallel jest workers never see half a
 * binary. AWS_LAMBDA_JS_RUNTIME makes the package unpack the shared libraries (libnss3…) it normally only
 * unpacks on Lambda; they reach Chromium through LD_LIBRARY_PATH of the launched process alone.
 */
function fromNpm(): Executable {
  if (process.platform !== 'linux') throw new Error(`the npm Chromium (@sparticuz/chromium) runs on Linux only; set CHROMIUM_PATH on ${process.platform}`)
  if (!existsSync(join(NPM_PACKAGE, 'package.json'))) {
    throw new Error(`no Chromium: neither CHROMIUM_PATH, ${SYSTEM_CHROMIUM} nor ${NPM_PACKAGE} (run npm install)`)
  }
  const version = (JSON.parse(readFileSync(join(NPM_PACKAGE, 'package.json'), 'utf8')) as { version: string }).version
  const dir = join(tmpdir(), `popup-appeal-chromium-${version}-${process.arch}`)
  const env = {
    LD_LIBRARY_PATH: [join(dir, 'al2023/lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    FONTCONFIG_FILE: join(dir, 'fonts.conf')
  }
  const executable = { path: join(dir, 'chromium'), env, source: `@sparticuz/chromium ${version} (${dir})` }
  // fonts.conf is written last; the other two go missing when a temp cleaner prunes old files
  const complete = () => [env.FONTCONFIG_FILE, executable.path, join(dir, 'al2023/lib/libnss3.so')].every((f) => existsSync(f))
  if (complete()) return executable

  const started = Date.now()
  const staging = mkdtempSync(join(tmpdir(), `popup-appeal-chromium-${version}.staging-`))
  try {
    const script = [
      "const { default: Chromium } = await import('@sparticuz/chromium')",
      // --disable-gpu: the SwiftShader GL libraries are not needed
      'Chromium.setGraphicsMode = false',
      'process.stdout.write(await Chromium.executablePath())'
    ].join('\n')
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TMPDIR: staging, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' },
      encoding: 'utf8',
      timeout: 180_000
    })
    const unpacked = join(staging, 'chromium')
    if (run.status !== 0 || run.stdout.trim() !== unpacked || !existsSync(join(staging, 'al2023/lib/libnss3.so'))) {
      throw new Error(`unpacking @sparticuz/chromium failed (exit ${run.status}${run.error ? `, ${run.error.message}` : ''}):\n${run.stderr}${run.stdout}`)
    }
    mkdirSync(join(staging, 'fonts-cache'))
    writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir))
    try {
      renameSync(staging, dir)
    } catch {
      // another worker finished first: theirs is as good as ours; a pruned leftover is replaced
      if (!complete()) {
        rmSync(dir, { recursive: true, force: true })
        renameSync(staging, dir)
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  process.stderr.write(`e2e: unpacked Chromium from @sparticuz/chromium ${version} into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  return executable
}

export function findChromium(): Executable {
  const system = fromSystem()
  if (system) return system
  try {
    return fromNpm()
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new Error(`the e2e suites need Chromium and none could be had (no CHROMIUM_PATH, no ${SYSTEM_CHROMIUM}, and the npm one failed): ${why}`)
  }
}

export async function launchChromium(): Promise<Browser> {
  const exe = findChromium()
  let browser: Browser
  try {
    // playwright gives every launch a fresh temporary --user-data-dir of its own
    browser = await chromium.launch({ executablePath: exe.path, headless: true, args: FLAGS, env: { ...process.env, ...exe.env } })
  } catch (err) {
    throw new Error(`Chromium from ${exe.source} did not start: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (README_SCREENSHOTS && !(await cjkGlyphsRender(browser))) {
    await browser.close()
    throw new Error('README pictures need a font with Chinese glyphs, and this browser has none: install one (Debian: apt-get install fonts-wqy-microhei) and run npm run screenshots again')
  }
  return browser
}

/**
 * Whether Chinese text comes out as glyphs rather than boxes: with no CJK font, every character is the same
 * missing-glyph box (or nothing), so two different characters draw identical pixels.
 */
export async function cjkGlyphsRender(browser: Browser): Promise<boolean> {
  const page = await browser.newPage()
  try {
    // a string, not a function: the page must not depend on how this file was transpiled
    return await page.evaluate<boolean>(`(() => {
      const draw = (text) => {
        const canvas = document.createElement('canvas')
        canvas.width = 64
        canvas.height = 64
        const g = canvas.getContext('2d')
        g.font = '40px sans-serif'
        g.fillText(text, 8, 48)
        return canvas.toDataURL()
      }
      const a = draw('弹')
      return a !== draw('窗') && a !== draw('')
    })()`)
  } finally {
    await page.close()
  }
}

export function readmeShot(name: string): string {
  const dir = README_SCREENSHOTS ? join(root, 'docs/screenshots') : join(root, 'test-artifacts/readme')
  mkdirSync(dir, { recursive: true })
  return join(dir, name)
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
export const DESK = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' }

/** Taro's H5 router slides pages in and pickers fade out: wait until nothing animates before a screenshot. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    // the newest page is marked stationed once its slide-in transition is over
    const pages = document.querySelectorAll('.taro_router > .taro_page')
    const current = pages[pages.length - 1]
    return !!current && current.classList.contains('taro_page_stationed') &&
      document.getAnimations().every((a) => a.playState !== 'running')
  })
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}
