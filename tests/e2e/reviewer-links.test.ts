// The review screen names appeals sharing a screenshot by their 查询码, and J/K move through the queue list
// from the review screen too (the appeal in hand goes back to the queue). Appeals are filed over the HTTP API.
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { DESK, launchChromium, settle } from './support/browser'
import { apiCall, uploadSample } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
const ID = '11010519491231002' + idCheckChar('11010519491231002')

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer((dataDir) => addReviewer(dataDir, ['--username', 'desk-links', '--password', 'desk-links-pass-2022', '--district', '朝阳区']))
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

const upload = (token: string, file: string) => uploadSample(server.url, token, file)

/** Each appeal by a different device citizen, all with the same popup screenshot: they are linked to each other. */
async function file(): Promise<{ token: string; id: string; trackingNo: string }> {
  const token = (await api<{ token: string }>('POST', '/session/device')).body.token
  const r = await api('POST', '/appeals', token, {
    category: 'medicine',
    popupShot: await upload(token, 'popup.png'),
    negativeTests: [{ shot: await upload(token, 'negative-1.png'), sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }],
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345678' },
    statement: '只买过哮喘药，核酸阴性后仍弹窗'
  })
  expect(r.status).toBe(201)
  return { token, id: r.body.id, trackingNo: r.body.trackingNo }
}

const trackingNo = async (page: Page) => ((await page.locator('#review-tracking-no').textContent()) ?? '').trim()

test('linked appeals are shown by tracking number; J/K open the next and previous appeal of the list', async () => {
  const filed = [await file(), await file(), await file()]
  const byNo = new Map(filed.map((f) => [f.trackingNo, f]))

  const page = await (await browser.newContext(DESK)).newPage()
  await page.goto(`${server.url}/#/reviewer/pages/login/index`)
  await page.fill('#input-username input', 'desk-links')
  await page.fill('#input-password input', 'desk-links-pass-2022')
  await page.click('#btn-login')
  await page.locator('#queue-row-2').waitFor()
  await settle(page)

  await page.keyboard.press('Enter')
  await page.locator('#btn-approve').waitFor({ timeout: 15_000 })
  const first = await trackingNo(page)

  // the reused-screenshot flag names the other two by 查询码, not by internal id
  await page.locator('#review-linked-1').waitFor()
  const linked = await page.locator('#review-linked [id^="review-linked-"]').allTextContents()
  expect(linked.map((t) => t.trim()).sort()).toEqual(filed.map((f) => f.trackingNo).filter((n) => n !== first).sort())
  await settle(page)
  await page.screenshot({ path: join(root, 'test-artifacts/reviewer-linked.png') })

  // J: the next appeal of the list opens; the first goes back to the queue
  await page.keyboard.press('j')
  await page.waitForFunction((p) => document.querySelector('#review-tracking-no')?.textContent?.trim() !== p, first, { timeout: 15_000 })
  await page.locator('#btn-approve').waitFor()
  const second = await trackingNo(page)
  expect(byNo.has(second)).toBe(true)
  const back = await api('GET', `/appeals/${byNo.get(first)!.id}`, byNo.get(first)!.token)
  expect(back.body.status).toBe('queued')
  expect(back.body.timeline.map((e: { type: string }) => e.type)).toContain('released')

  // K: back to the previous one
  await page.keyboard.press('k')
  await page.waitForFunction((p) => document.querySelector('#review-tracking-no')?.textContent?.trim() !== p, second, { timeout: 15_000 })
  await page.locator('#btn-approve').waitFor()
  expect(await trackingNo(page)).toBe(first)
  await page.keyboard.press('a')
  await page.waitForFunction((p) => document.querySelector('#review-tracking-no')?.textContent?.trim() !== p || !!document.querySelector('#review-queue-empty'), first, { timeout: 15_000 })
  expect((await api('GET', `/appeals/${byNo.get(first)!.id}`, byNo.get(first)!.token)).body.status).toBe('approved')
}, 120_000)
