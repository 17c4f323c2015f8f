// Issue 13, the reviewer's story: a citizen typed a sampling time, name and ID that the screenshot does not
// show. The server (reading on: READING_WORKERS=1) reads the screenshots; the reviewer filters the queue by
// 「截图与填写不符」, finds that appeal (and not one that agrees), opens it and sees 不符 with both values
// beside the screenshot — in words a screen reader says too. Appeals are filed over the HTTP API.
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { formatDateTime } from '../../src/domain/time'
import type { UploadInfoResponse } from '../../types/reading'
import { DESK, PHONE, launchChromium, settle } from './support/browser'
import { apiCall, uploadSample } from './support/actions'
import { blockingMessage, describeAxe, runAxe } from './support/axe'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
// negative-1.png reads 王*明 and 1101**********1234; this ID ends in 0021 and the name is another
const ID = '11010519491231002' + idCheckChar('11010519491231002')
const USER = ['desk-reading', 'desk-reading-pass-2022'] as const

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer((dataDir) => addReviewer(dataDir, ['--username', USER[0], '--password', USER[1], '--district', '朝阳区']), { READING_WORKERS: '1' })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

/** Polls GET /uploads/:id as its owner until the reading has settled (the first read also loads the model). */
async function readingOf(token: string, id: string): Promise<UploadInfoResponse['reading']> {
  const until = Date.now() + 90_000
  for (;;) {
    const r = await api<UploadInfoResponse>('GET', `/uploads/${id}`, token)
    expect(r.status).toBe(200)
    if (r.body.reading.status !== 'pending' || Date.now() > until) return r.body.reading
    await new Promise((res) => setTimeout(res, 500))
  }
}

async function citizen(): Promise<string> {
  return (await api<{ token: string }>('POST', '/session/device')).body.token
}

test('the reviewer filters 截图与填写不符, opens the appeal and sees what disagrees, typed beside read', async () => {
  // the appeal that disagrees: sampled "3 hours ago" by the form (the rules need a recent test), 2022 on the screenshot
  const token = await citizen()
  const popup = await uploadSample(server.url, token, 'popup.png')
  const test1 = await uploadSample(server.url, token, 'negative-1.png')
  const typedAt = new Date(Date.now() - 3 * 3600_000)
  typedAt.setUTCSeconds(0, 0)
  const [popupReading, testReading] = [await readingOf(token, popup), await readingOf(token, test1)]
  expect(testReading).toMatchObject({ status: 'done', kind: 'test_result', fields: { sampledAt: '2022-01-26 09:12', nameMasked: '王*明' } })
  expect(popupReading).toMatchObject({ status: 'done', kind: 'popup' })
  const bad = await api('POST', '/appeals', token, {
    category: 'medicine',
    popupShot: popup,
    negativeTests: [{ shot: test1, sampledAt: typedAt.toISOString() }],
    district: '朝阳区',
    applicant: { name: '张小明', idNumber: ID, phone: '13812345678' },
    statement: '只买过止咳药，核酸阴性后仍弹窗'
  })
  expect(bad.status).toBe(201)

  // one that agrees: turned away at a test site, only the popup, whose text says medicine as the form does
  const other = await citizen()
  const popup2 = await uploadSample(server.url, other, 'popup.png')
  expect((await readingOf(other, popup2)).status).toBe('done')
  const good = await api('POST', '/appeals', other, {
    category: 'medicine',
    popupShot: popup2,
    negativeTests: [],
    blockedFromTesting: true,
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345679' },
    statement: '检测点拒绝检测，只有弹窗截图'
  })
  expect(good.status).toBe(201)

  const page = await (await browser.newContext({ ...DESK, bypassCSP: true })).newPage()
  await page.goto(`${server.url}/#/reviewer/pages/login/index`)
  await page.fill('#input-username input', USER[0])
  await page.fill('#input-password input', USER[1])
  await page.click('#btn-login')
  await page.locator('#queue-row-1').waitFor()

  // the filter: only the appeal that disagrees is left, its row saying so
  await page.click('#filter-flag-mismatch')
  await page.waitForFunction(() => !document.querySelector('#queue-row-1'), undefined, { timeout: 15_000 })
  const row = page.locator('#queue-row-0')
  await row.waitFor()
  expect(await row.getAttribute('data-id')).toBe(bad.body.id)
  expect(await row.textContent()).toContain('截图与填写不符')
  expect(await page.locator('#filter-flag-mismatch').getAttribute('aria-pressed')).toBe('true')

  await row.click()
  await page.locator('#btn-approve').waitFor({ timeout: 15_000 })
  expect((await page.locator('#review-tracking-no').textContent())?.trim()).toBe(bad.body.trackingNo)
  await page.locator('#reading-negative-0').waitFor()

  // 采样时间 and 姓名 disagree: 不符 in words, both values shown, one sentence for a screen reader
  const time = page.locator('#reading-negative-0-sampledAt')
  expect(await time.getAttribute('data-mismatch')).toBe('1')
  expect(await time.locator('.shot-reading__bad').textContent()).toBe('⚠ 不符')
  // each value says whose it is (visually hidden on the desk, under the table's 填写 / 截图 header)
  expect(await time.locator('.shot-reading__typed').textContent()).toBe(`填写 ${formatDateTime(typedAt)}`)
  expect(await time.locator('.shot-reading__read').textContent()).toBe('截图 2022-01-26 09:12')
  expect(await time.locator('.shot-reading__said').textContent()).toBe(`采样时间不符：填写 ${formatDateTime(typedAt)}，截图 2022-01-26 09:12`)
  const name = page.locator('#reading-negative-0-nameMasked')
  expect(await name.getAttribute('data-mismatch')).toBe('1')
  expect(await name.locator('.shot-reading__typed').textContent()).toContain('张小明')
  expect(await name.locator('.shot-reading__read').textContent()).toContain('王*明')
  expect(await page.locator('#reading-negative-0-idMasked').getAttribute('data-mismatch')).toBe('1')
  // the result agrees (阴性), and the popup's situation agrees with the form's 购药
  expect(await page.locator('#reading-negative-0-result').getAttribute('data-mismatch')).toBe('0')
  expect(await page.locator('#reading-popup-category').getAttribute('data-mismatch')).toBe('0')
  expect(await page.locator('#reading-popup-category .shot-reading__read').textContent()).toBe('截图 购药弹窗')
  expect(await page.locator('#review-flag-mismatch').textContent()).toContain('截图与填写不符')
  // the age rule went by the screenshot's 2022 time, not the typed one of 3 hours ago, and says so
  const recent = page.locator('#evidence-checks [data-rule="recent"]')
  expect(await recent.locator('.checks__text').textContent()).toContain('✗')
  expect(await recent.locator('.checks__source').textContent()).toBe('按截图')

  await settle(page)
  const artifacts = join(root, 'test-artifacts')
  if (!existsSync(artifacts)) mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'reviewer-reading.png') })
  const report = await runAxe(page)
  console.log(describeAxe('axe review page with readings', report))
  expect(blockingMessage('review page with readings', report)).toBe('')

  // the same appeal on a phone (the reviewer holds it): one compact block per field, 填写 / 截图 written out
  const phone = await (await browser.newContext(PHONE)).newPage()
  await phone.goto(`${server.url}/#/reviewer/pages/login/index`)
  await phone.fill('#input-username input', USER[0])
  await phone.fill('#input-password input', USER[1])
  await phone.click('#btn-login')
  await phone.locator('#btn-claim-next').waitFor()
  await phone.goto(`${server.url}/#/reviewer/pages/review/index?id=${bad.body.id}`)
  const small = phone.locator('#reading-negative-0-nameMasked')
  await small.waitFor({ timeout: 15_000 })
  expect(await phone.locator('#reading-negative-0 .shot-reading__head').count()).toBe(0)
  expect(await small.locator('.shot-reading__pre').first().isVisible()).toBe(true)
  expect(await small.locator('.shot-reading__bad').textContent()).toBe('⚠ 不符')
  await settle(phone)
  await phone.locator('#reading-negative-0').screenshot({ path: join(artifacts, 'reviewer-reading-phone.png') })
}, 240_000)
