import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { DESK, PHONE, launchChromium, readmeShot, settle } from './support/browser'
import { pickImage } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
const artifacts = join(root, 'test-artifacts')

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  server = await startServer((dataDir) =>
    addReviewer(dataDir, ['--username', 'e2e-supervisor', '--password', 'e2e-pass-2022', '--supervisor'])
  )
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})


test('a citizen files an appeal with two screenshots, a reviewer approves it, the progress page shows 已办结', async () => {
  const citizen = await browser.newContext(PHONE)
  const page = await citizen.newPage()
  await page.goto(`${server.url}/#/pages/index/index`)
  await page.click('#btn-new-appeal')

  // the stepped form: situation → screenshots (after the separate consent) → test site → applicant → review
  await page.click('#category-medicine')
  await page.click('#btn-step-next')
  await page.click('#pick-popup')
  await pickImage(page, '#consent-agree', 'popup.png')
  await page.locator('#upload-status-popup', { hasText: '已上传' }).waitFor()
  await pickImage(page, '#pick-negative-0', 'negative-1.png')
  await page.locator('#upload-status-negative-0', { hasText: '已上传' }).waitFor()
  // the sampling time: 昨天 and a typed time (slots start empty, not at "now")
  await page.click('#date-chip-0-1')
  await page.fill('#time-input-0', '2300')
  await page.click('#btn-step-next')
  await page.click('#btn-step-next')

  await page.selectOption('#district-select', { index: 1 })
  await page.fill('#input-name input', '张小明')
  await page.fill('#input-id input', '11010519491231002X')
  await page.fill('#input-phone input', '13812345678')
  await page.fill('#input-statement textarea', '只买过哮喘药，核酸已阴性，弹窗仍未解除。')
  await page.click('#btn-step-next')
  await settle(page)
  await page.screenshot({ path: join(artifacts, 'citizen-form-loop.png'), fullPage: true })
  await page.click('#btn-submit')

  const trackingNo = (await page.locator('#tracking-no').textContent({ timeout: 15_000 }))?.trim()
  expect(trackingNo).toMatch(/\d{6}-[0-9A-Z]{6}/)
  await expect(page.locator('#appeal-status').textContent()).resolves.toContain('排队待审')

  const desk = await browser.newContext(DESK)
  const reviewer = await desk.newPage()
  await reviewer.goto(`${server.url}/#/reviewer/pages/login/index`)
  await reviewer.fill('#input-username input', 'e2e-supervisor')
  await reviewer.fill('#input-password input', 'e2e-pass-2022')
  await reviewer.click('#btn-login')
  await reviewer.click('#btn-claim-next')

  // Both screenshots really load for the reviewer holding the appeal.
  for (const shot of ['#shot-popup', '#shot-negative-0']) {
    await reviewer.waitForFunction(
      (sel) => {
        const img = document.querySelector(`${sel} img`) as HTMLImageElement | null
        return !!img && img.complete && img.naturalWidth > 0
      },
      shot,
      { timeout: 15_000 }
    )
  }
  await settle(reviewer)
  const overflow = await reviewer.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    return wide.slice(0, 5).map((el) => `${el.tagName}.${el.className}`)
  })
  expect(overflow).toEqual([])
  await reviewer.screenshot({ path: join(artifacts, 'reviewer-review.png') })
  await reviewer.click('#btn-approve')
  if (await reviewer.locator('#btn-confirm-decision').isVisible()) await reviewer.click('#btn-confirm-decision')
  await reviewer.locator('#btn-next').waitFor({ timeout: 15_000 })

  await page.reload()
  await page.locator('#appeal-status', { hasText: '已通过' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('#stages').textContent()).resolves.toContain('已办结')
  await expect(page.locator('#decision').textContent()).resolves.toContain('审核通过')
  await expect(page.locator('#tracking-no').textContent()).resolves.toContain(trackingNo!)
  await settle(page)
  await page.screenshot({ path: readmeShot('citizen-progress.png'), fullPage: true })

  await citizen.close()
  await desk.close()
}, 120_000)
