// Issue 14: a citizen who cannot use a pointer files an appeal on the h5 build with Tab, Enter, Space, the
// arrow keys and typing alone. Screenshots come through the file chooser that Enter opens (playwright's
// filechooser event stands in for the system dialog). Nothing here clicks, taps or fills.
import type { Browser, Page } from 'playwright-core'
import { join } from 'node:path'
import { PHONE, launchChromium } from './support/browser'
import { SAMPLES, apiCall } from './support/actions'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const keys = { tab: 0, enter: 0, space: 0, arrows: 0, typed: 0 }

/** Presses Tab until the element matching `selector` has the focus (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate<boolean, string>((sel) => !!document.activeElement && document.activeElement.matches(sel), selector)) return
    await page.keyboard.press('Tab')
    keys.tab += 1
  }
  throw new Error(`${selector} cannot be reached with Tab`)
}

async function press(page: Page, selector: string, key: 'Enter' | 'Space') {
  await tabTo(page, selector)
  await page.keyboard.press(key === 'Space' ? ' ' : 'Enter')
  if (key === 'Enter') keys.enter += 1
  else keys.space += 1
}

async function type(page: Page, selector: string, text: string) {
  await tabTo(page, selector)
  await page.keyboard.type(text)
  keys.typed += 1
}

/** Enter on a 选择截图 button opens the file chooser; the sample is chosen there. */
async function chooseFile(page: Page, selector: string, file: string) {
  await tabTo(page, selector)
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')])
  keys.enter += 1
  await chooser.setFiles(join(SAMPLES, file))
}

test('an appeal filed with the keyboard alone', async () => {
  const ctx = await browser.newContext(PHONE)
  const page = await ctx.newPage()
  // Playwright turns on file-chooser interception when the first 'filechooser' listener is added, without
  // waiting for the browser to confirm; a waitForEvent added just before Enter raced that under load (CI: the
  // dialog opened un-intercepted and was cancelled). One listener for the page's life keeps it on from here.
  page.on('filechooser', () => undefined)
  await page.goto(`${server.url}/#/pages/index/index`)
  await page.locator('#btn-new-appeal').waitFor()

  await press(page, '#btn-new-appeal', 'Enter')
  await page.locator('#step-0').waitFor()
  await press(page, '#category-medicine', 'Space')
  await expect(page.locator('#category-medicine').getAttribute('aria-checked')).resolves.toBe('true')
  await press(page, '#btn-step-next', 'Enter')

  // screenshots: the consent sheet first, then the file chooser
  await page.locator('#step-1').waitFor()
  await press(page, '#pick-popup', 'Enter')
  await page.locator('#consent-sheet').waitFor()
  await chooseFile(page, '#consent-agree', 'popup.png')
  await page.locator('#upload-status-popup', { hasText: '已上传' }).waitFor({ timeout: 20_000 })
  await chooseFile(page, '#pick-negative-0', 'negative-1.png')
  await page.locator('#upload-status-negative-0', { hasText: '已上传' }).waitFor({ timeout: 20_000 })
  // the sampling time: 昨天, then four digits
  await press(page, '#date-chip-0-1', 'Space')
  await type(page, '#time-input-0', '2300')
  await page.locator('#time-hint-0', { hasText: '23:00' }).waitFor()
  await press(page, '#btn-step-next', 'Enter')

  await page.locator('#step-2').waitFor()
  await press(page, '#blocked-no', 'Space')
  await press(page, '#btn-step-next', 'Enter')

  // the applicant: a native select moves with the arrow keys
  await page.locator('#step-3').waitFor()
  await tabTo(page, '#district-select')
  await page.keyboard.press('ArrowDown')
  keys.arrows += 1
  await expect(page.locator('#district-select').inputValue()).resolves.not.toBe('')
  await type(page, '#input-name-el', '王小红')
  await type(page, '#input-id-el', '11010519491231002X')
  await type(page, '#input-phone-el', '13912345678')
  await type(page, '#input-statement-el', '只买过哮喘药，核酸已阴性，弹窗仍未解除。')
  await press(page, '#btn-step-next', 'Enter')

  // the check step, then submit
  await page.locator('#step-4').waitFor()
  await expect(page.locator('#check-test-0').textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2} 23:00/)
  await press(page, '#btn-submit', 'Enter')
  await page.locator('#appeal-status', { hasText: '排队待审' }).waitFor({ timeout: 20_000 })
  const trackingNo = (await page.locator('#tracking-no').textContent())?.trim()
  expect(trackingNo).toBeTruthy()

  // the server has it, with the time as typed (Beijing)
  const token = await page.evaluate<string>(`(() => {
    const raw = JSON.parse(localStorage.getItem('pa.citizen.session') || '{}')
    const v = typeof raw.data === 'string' ? JSON.parse(raw.data) : raw.data
    return v.token
  })()`)
  const mine = await apiCall<{ items: { trackingNo: string }[] }>(server.url, 'GET', '/appeals', token)
  expect(mine.body.items.map((a) => a.trackingNo)).toEqual([trackingNo])

  // the closing note of issue 14 quotes these
  process.stdout.write(`\nkeyboard-only appeal: ${keys.tab} Tab, ${keys.enter} Enter, ${keys.space} Space, ${keys.arrows} arrow, ${keys.typed} typed fields\n`)
  await ctx.close()
}, 180_000)
