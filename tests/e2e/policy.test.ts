// Issue 16: a setting changed on the server changes the rule the citizen's form states. The production server
// starts with EVIDENCE_MAX_AGE_HOURS=48; the h5 form (built with the default 72) reads GET /api/v1/policy and
// says 48 小时 where it used to say 72, in the situation's advice and under the test screenshots.
import type { Browser } from 'playwright-core'
import { PHONE, launchChromium } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer(undefined, { EVIDENCE_MAX_AGE_HOURS: '48' })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('the server serves 48 and the h5 form states 48 小时, never the built-in 72', async () => {
  const served = await (await fetch(`${server.url}/api/v1/policy`)).json()
  expect(served.evidenceMaxAgeHours).toBe(48)

  const ctx = await browser.newContext(PHONE)
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/pages/index/index`)
  await page.locator('#btn-new-appeal').click()
  await page.locator('#step-0').waitFor()
  await page.locator('#category-medicine').click()
  const advice = page.locator('#step-0 .muted', { hasText: '解除办法' })
  await advice.filter({ hasText: '购药后 48 小时内做一次核酸' }).waitFor({ timeout: 15_000 })
  expect(await advice.textContent()).not.toContain('72')

  await page.locator('#btn-step-next').click()
  await page.locator('#step-1').waitFor()
  const hint = page.locator('#step-1 .muted', { hasText: '上传最近一次核酸阴性结果' })
  await hint.waitFor()
  expect(await hint.textContent()).toContain('上传最近一次核酸阴性结果（48 小时内采样）')
  expect(await page.locator('#step-1').textContent()).not.toContain('72 小时')
  // the number of tests follows the server's limit too (the form used to stop at 3)
  expect(await page.locator('#add-negative').textContent()).toContain(`最多 ${served.maxNegativeTests} 次`)
  await ctx.close()
}, 90_000)
