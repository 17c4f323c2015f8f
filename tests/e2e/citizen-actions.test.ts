// The citizen's follow-up actions on the progress page of the h5 build: 催办, a reviewer's request for more
// followed by 补充材料 through the UI, 弹窗已消失 through the confirmation modal, and the rating afterwards.
// Appeals are filed through the HTTP API as a device citizen; that citizen's token is then put into the
// browser's Taro storage so the pages treat the appeals as theirs.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { PHONE, launchChromium, settle } from './support/browser'
import { SAMPLES, apiCall, uploadSample } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
const artifacts = join(root, 'test-artifacts')
const ID = '11010519491231002' + idCheckChar('11010519491231002')
const REVIEWER = { username: 'e2e-actions-rev', password: 'e2e-actions-pass-2022' }

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  server = await startServer((dataDir) => addReviewer(dataDir, ['--username', REVIEWER.username, '--password', REVIEWER.password, '--supervisor']))
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Tl {
  type: string
}

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

const upload = (token: string, file: string) => uploadSample(server.url, token, file)

interface Citizen {
  token: string
  expiresAt: string
}

async function deviceCitizen(): Promise<Citizen> {
  const r = await api<Citizen>('POST', '/session/device')
  expect(r.status).toBe(200)
  return r.body
}

/** A medicine appeal in 朝阳区, filed over the API with the citizen's token. */
async function file(citizen: Citizen): Promise<{ id: string; trackingNo: string }> {
  const popup = await upload(citizen.token, 'popup.png')
  const neg = await upload(citizen.token, 'negative-1.png')
  const r = await api('POST', '/appeals', citizen.token, {
    category: 'medicine',
    popupShot: popup,
    negativeTests: [{ shot: neg, sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }],
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345678' },
    statement: '只买过哮喘药，核酸阴性后仍弹窗'
  })
  expect(r.status).toBe(201)
  return { id: r.body.id, trackingNo: r.body.trackingNo }
}

/** A phone whose Taro storage already holds the citizen's session (as src/services/session.ts writes it). */
async function phoneOf(citizen: Citizen): Promise<BrowserContext> {
  const ctx = await browser.newContext(PHONE)
  // Taro's h5 setStorageSync stores {"data": value}; session.ts stores the TokenResponse as a JSON string
  await ctx.addInitScript((session) => {
    if (!localStorage.getItem('pa.citizen.session')) localStorage.setItem('pa.citizen.session', JSON.stringify({ data: JSON.stringify(session) }))
  }, citizen)
  return ctx
}

async function shot(page: Page, name: string) {
  await settle(page)
  await page.screenshot({ path: join(artifacts, name), fullPage: true })
}

async function openDetail(page: Page, id: string, status: string) {
  await page.goto(`${server.url}/#/pages/appeal/detail?id=${encodeURIComponent(id)}`)
  await page.locator('#appeal-status', { hasText: status }).waitFor({ timeout: 15_000 })
}

async function timeline(citizen: Citizen, id: string): Promise<string[]> {
  const r = await api<{ timeline: Tl[] }>('GET', `/appeals/${id}`, citizen.token)
  expect(r.status).toBe(200)
  return r.body.timeline.map((e) => e.type)
}

async function reviewerToken(): Promise<string> {
  const r = await api<{ token: string }>('POST', '/reviewer/session', undefined, REVIEWER)
  expect(r.status).toBe(200)
  return r.body.token
}

/** Any page error or failed API call the test did not ask for fails the test at the end. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('response', (res) => {
    if (res.url().includes('/api/v1/') && res.status() >= 400) problems.push(`${res.request().method()} ${res.url()} → ${res.status()}`)
  })
  return problems
}

test('a citizen urges, supplements what the reviewer asks for, and gets back in the queue', async () => {
  const citizen = await deviceCitizen()
  const appeal = await file(citizen)
  const ctx = await phoneOf(citizen)
  const page = await ctx.newPage()
  const problems = watch(page)

  // the page sees the appeal as the citizen's own
  await openDetail(page, appeal.id, '排队待审')
  await expect(page.locator('#tracking-no').textContent()).resolves.toBe(appeal.trackingNo)
  await expect(page.locator('#urge-wait').count()).resolves.toBe(0)
  await shot(page, 'citizen-actions-queued.png')

  // 催办: confirmed at once, then the next time it is allowed
  await page.click('#btn-urge')
  await page.locator('.taro__toast p', { hasText: '已催办' }).waitFor({ timeout: 10_000 })
  await page.locator('#urge-wait').waitFor({ timeout: 10_000 })
  await expect(page.locator('#urge-wait').textContent()).resolves.toMatch(/已催办，\d{4}-\d{2}-\d{2} \d{2}:\d{2} 后可再次催办/)
  await expect(page.locator('#btn-urge').count()).resolves.toBe(0)
  await expect(page.locator('.timeline__label', { hasText: '催办' }).count()).resolves.toBe(1)
  await shot(page, 'citizen-actions-urged.png')
  expect(await timeline(citizen, appeal.id)).toContain('urged')
  // still shown after a reload (the server remembers, not just the page)
  await page.reload()
  await page.locator('#urge-wait').waitFor({ timeout: 15_000 })

  // a reviewer asks for another negative test
  const rev = await reviewerToken()
  const claim = await api('POST', '/review/claim', rev, {})
  expect(claim.status).toBe(200)
  expect(claim.body.id).toBe(appeal.id)
  const decide = await api('POST', `/review/appeals/${appeal.id}/decision`, rev, {
    outcome: 'needs_info',
    reasonCode: 'negative_test',
    note: '请补充一张最近 24 小时内的核酸阴性截图'
  })
  expect(decide.status).toBe(200)

  // the open page follows by itself (polling)
  await page.locator('#appeal-status', { hasText: '待补充材料' }).waitFor({ timeout: 30_000 })
  await page.locator('#btn-supplement-open').waitFor()
  await expect(page.locator('#decision').textContent()).resolves.toContain('最近 24 小时内的核酸阴性截图')
  await expect(page.locator('#btn-urge').count()).resolves.toBe(0)
  await expect(page.locator('#urge-wait').count()).resolves.toBe(0)
  await shot(page, 'citizen-actions-needs-info.png')

  // 补充材料: a new negative-test screenshot, its sampling time, a note
  await page.click('#btn-supplement-open')
  await page.locator('#supplement-form').waitFor({ timeout: 15_000 })
  await settle(page)
  await expect(page.locator('#btn-supplement').getAttribute('class')).resolves.toContain('btn--disabled')
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#pick-supp-negative')])
  await chooser.setFiles(join(SAMPLES, 'negative-2.png'))
  await page.locator('#upload-status-supp-negative', { hasText: '已上传' }).waitFor({ timeout: 20_000 })
  // the sampling time shows once a screenshot is there; the default (this hour, Beijing time) is accepted
  await page.locator('#supp-date').waitFor()
  await page.click('#supp-time')
  await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
  await page.locator('.weui-picker__action:visible').first().waitFor({ state: 'hidden' })
  const sampledDate = /采样 (\d{4}-\d{2}-\d{2})/.exec((await page.locator('#supp-date').textContent()) ?? '')?.[1]
  const sampledTime = /(\d{2}:\d{2})/.exec((await page.locator('#supp-time').textContent()) ?? '')?.[1]
  expect(sampledDate).toBeTruthy()
  expect(sampledTime).toBeTruthy()
  await page.fill('#supp-note textarea', '今天上午又做了一次核酸，结果阴性')
  await shot(page, 'citizen-actions-supplement.png')
  await page.click('#btn-supplement')

  // back on the progress page: queued again, the supplement in the timeline
  await page.locator('#appeal-status', { hasText: '排队待审' }).waitFor({ timeout: 15_000 })
  await page.locator('#queue-position').waitFor()
  await expect(page.locator('#btn-supplement-open').count()).resolves.toBe(0)
  await expect(page.locator('.timeline__label', { hasText: '已补充材料' }).count()).resolves.toBe(1)
  await shot(page, 'citizen-actions-supplemented.png')

  const after = await api('GET', `/appeals/${appeal.id}`, citizen.token)
  expect(after.body.status).toBe('queued')
  expect(after.body.timeline.map((e: Tl) => e.type)).toContain('supplemented')
  expect(after.body.statement).toBe('今天上午又做了一次核酸，结果阴性')
  expect(after.body.negativeTests).toHaveLength(1)
  // the sampling time shown on the form is Beijing time, whatever the machine's zone
  expect(Date.parse(after.body.negativeTests[0].sampledAt)).toBe(Date.parse(`${sampledDate}T${sampledTime}:00+08:00`))
  expect(after.body.decision).toBeNull()

  // a second form opened later starts empty (the last one's files are not offered again)
  await page.goto(`${server.url}/#/packageAppeal/pages/supplement/index?id=${encodeURIComponent(appeal.id)}`)
  await page.locator('#supplement-form').waitFor({ timeout: 15_000 })
  await expect(page.locator('#upload-status-supp-negative').textContent()).resolves.toBe('未上传')

  expect(problems).toEqual([])
  await ctx.close()
}, 180_000)

test('弹窗已消失 closes an appeal after the confirmation; then only the rating is left', async () => {
  const citizen = await deviceCitizen()
  const appeal = await file(citizen)
  const ctx = await phoneOf(citizen)
  const page = await ctx.newPage()
  const problems = watch(page)
  await openDetail(page, appeal.id, '排队待审')

  // cancelling the modal changes nothing
  await page.click('#btn-self-clear')
  await page.locator('.taro-modal__content', { hasText: '弹窗已消失' }).waitFor()
  await shot(page, 'citizen-actions-self-clear-modal.png')
  await page.locator('.taro-model__cancel').click()
  await page.locator('.taro__modal').waitFor({ state: 'hidden' })
  await expect(page.locator('#appeal-status').textContent()).resolves.toBe('排队待审')
  expect((await api('GET', `/appeals/${appeal.id}`, citizen.token)).body.status).toBe('queued')

  // confirming closes it
  await page.click('#btn-self-clear')
  await page.locator('.taro-model__confirm', { hasText: '确定' }).click()
  await page.locator('#appeal-status', { hasText: '已撤回' }).waitFor({ timeout: 15_000 })
  for (const sel of ['#btn-withdraw', '#btn-self-clear', '#btn-urge', '#urge-wait', '#btn-supplement-open', '#btn-receipt', '#due-at']) {
    await expect(page.locator(sel).count()).resolves.toBe(0)
  }
  await page.locator('#rating-form').waitFor()
  await expect(page.locator('#decision').textContent()).resolves.toContain('您已反馈弹窗消失')
  await shot(page, 'citizen-actions-self-cleared.png')
  const closed = await api('GET', `/appeals/${appeal.id}`, citizen.token)
  expect(closed.body.status).toBe('withdrawn')
  expect(closed.body.withdrawReason).toBe('self_cleared')
  expect(closed.body.timeline.map((e: Tl) => e.type)).toContain('self_cleared')

  // rate it: five stars and a comment
  await page.click('#rate-5')
  await expect(page.locator('#rate-5').getAttribute('aria-checked')).resolves.toBe('true')
  await page.fill('#rate-comment textarea', '处理得很及时，谢谢')
  await page.click('#btn-rate')
  await page.locator('#rating-done').waitFor({ timeout: 15_000 })
  await expect(page.locator('#rating-done').textContent()).resolves.toContain('5 分')
  await expect(page.locator('#rating-done').textContent()).resolves.toContain('处理得很及时，谢谢')
  await shot(page, 'citizen-actions-rated.png')

  const rated = await api('GET', `/appeals/${appeal.id}`, citizen.token)
  expect(rated.body.rating).toMatchObject({ score: 5, comment: '处理得很及时，谢谢' })
  // after a reload the rating is shown, not the form again
  await page.reload()
  await page.locator('#rating-done').waitFor({ timeout: 15_000 })
  await expect(page.locator('#rating-form').count()).resolves.toBe(0)

  expect(problems).toEqual([])
  await ctx.close()
}, 120_000)
