// The reviewer's shift in Chromium: five appeals worked with the keyboard only, two reviewers side by side,
// a supervisor approving a cluster, and the dashboard showing what the test did. Appeals are filed through
// the HTTP API (the citizen's form has its own e2e test).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { DESK, launchChromium, readmeShot, settle } from './support/browser'
import { apiCall, uploadSample } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const ID = '11010519491231002' + idCheckChar('11010519491231002')

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer((dataDir) => {
    addReviewer(dataDir, ['--username', 'desk-a', '--password', 'desk-a-pass-2022', '--district', '朝阳区'])
    addReviewer(dataDir, ['--username', 'desk-b', '--password', 'desk-b-pass-2022', '--district', '朝阳区'])
    addReviewer(dataDir, ['--username', 'boss', '--password', 'boss-pass-2022', '--supervisor'])
  })
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

const upload = (token: string, file: string) => uploadSample(server.url, token, file)

interface Filed {
  token: string
  id: string
  trackingNo: string
}

/** A citizen files a medicine appeal: device session → two uploads → POST /appeals. */
async function file(over: Record<string, unknown> = {}): Promise<Filed> {
  const token = (await api<{ token: string }>('POST', '/session/device')).body.token
  const popup = await upload(token, 'popup.png')
  const neg = await upload(token, 'negative-1.png')
  const r = await api('POST', '/appeals', token, {
    category: 'medicine',
    popupShot: popup,
    negativeTests: [{ shot: neg, sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }],
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345678' },
    statement: '只买过哮喘药，核酸阴性后仍弹窗',
    ...over
  })
  expect(r.status).toBe(201)
  return { token, id: r.body.id, trackingNo: r.body.trackingNo }
}

async function login(ctx: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/reviewer/pages/login/index`)
  await page.fill('#input-username input', username)
  await page.fill('#input-password input', password)
  await page.click('#btn-login')
  await page.locator('#btn-claim-next').waitFor()
  return page
}

const trackingNo = async (page: Page) => ((await page.locator('#review-tracking-no').textContent()) ?? '').trim()

/** Waits until the review screen shows an appeal other than `prev` (auto-next), or the end-of-queue result. */
async function nextShown(page: Page, prev: string): Promise<string> {
  await page
    .waitForFunction(
    (p) => {
      const t = document.querySelector('#review-tracking-no')?.textContent?.trim()
      return (t && t !== p && !!document.querySelector('#btn-approve')) || !!document.querySelector('#review-queue-empty')
    },
    prev,
    { timeout: 15_000 }
  )
    .catch(async (e) => {
      const panel = await page.locator('#review-page').last().textContent().catch(() => '?')
      throw new Error(`next appeal did not open after ${prev}: ${panel?.slice(0, 600)}\n${e}`)
    })
  return trackingNo(page)
}

test('a reviewer works five appeals with the keyboard only; the citizens see each outcome', async () => {
  const filed: Filed[] = []
  for (let i = 0; i < 5; i++) filed.push(await file())
  const byNo = new Map(filed.map((f) => [f.trackingNo, f]))

  const ctx = await browser.newContext(DESK)
  const page = await login(ctx, 'desk-a', 'desk-a-pass-2022')
  await page.locator('#queue-row-4').waitFor()
  await settle(page)
  await page.screenshot({ path: readmeShot('reviewer-queue.png') })

  const outcome = new Map<string, string>()
  const started = Date.now()
  await page.keyboard.press('Enter') // open the highlighted (first by priority) appeal
  await page.locator('#btn-approve').waitFor({ timeout: 15_000 })
  let no = await trackingNo(page)

  await page.keyboard.press('a')
  outcome.set(no, 'approved')
  no = await nextShown(page, no)

  await page.keyboard.press('r')
  await page.keyboard.press('2') // not_negative
  await expect(page.locator('#reason-not_negative').getAttribute('aria-checked')).resolves.toBe('true')
  await page.keyboard.press('Enter')
  outcome.set(no, 'rejected:not_negative')
  no = await nextShown(page, no)

  await page.keyboard.press('n')
  await page.keyboard.press('2') // negative_test
  await page.keyboard.press('3') // second_test
  await page.keyboard.press('Enter')
  outcome.set(no, 'needs_info:negative_test')
  no = await nextShown(page, no)

  const skipped = no
  await page.keyboard.press('s') // skip: back to the queue, the next one opens
  no = await nextShown(page, no)
  expect(no).not.toBe(skipped)

  await page.keyboard.press('a')
  outcome.set(no, 'approved')
  no = await nextShown(page, no)
  expect(no).toBe(skipped) // the released one comes round again

  await page.keyboard.press('r')
  await page.keyboard.press('7') // duplicate
  await page.keyboard.press('Enter')
  outcome.set(no, 'rejected:duplicate')
  await page.locator('#review-queue-empty').waitFor({ timeout: 15_000 })
  const ms = Date.now() - started
  console.log(`keyboard-only run of five appeals: ${(ms / 1000).toFixed(1)} s (${Math.round(ms / 5)} ms per appeal)`)

  expect(outcome.size).toBe(5)
  for (const [tn, expected] of outcome) {
    const f = byNo.get(tn)!
    const mine = await api('GET', `/appeals/${f.id}`, f.token)
    const [status, reason] = expected.split(':')
    expect(mine.body.status).toBe(status)
    if (reason) expect(mine.body.decision.reasonCode).toBe(reason)
    if (status === 'needs_info') expect(mine.body.decision.note).toContain('第二次核酸')
    if (tn === skipped) expect(mine.body.timeline.map((e: { type: string }) => e.type)).toContain('released')
  }
  await ctx.close()
}, 120_000)

test('two reviewers in two browsers never open the same appeal', async () => {
  for (let i = 0; i < 4; i++) await file()
  const ctxA = await browser.newContext(DESK)
  const ctxB = await browser.newContext(DESK)
  const [a, b] = await Promise.all([login(ctxA, 'desk-a', 'desk-a-pass-2022'), login(ctxB, 'desk-b', 'desk-b-pass-2022')])
  await Promise.all([a.click('#btn-claim-next'), b.click('#btn-claim-next')])
  await Promise.all([a.locator('#btn-approve').waitFor(), b.locator('#btn-approve').waitFor()])
  const seenA = [await trackingNo(a)]
  const seenB = [await trackingNo(b)]
  expect(seenA[0]).not.toBe(seenB[0])

  // screenshot of the review screen with both screenshots loaded
  for (const shot of ['#shot-popup', '#shot-negative-0']) {
    await b.waitForFunction((sel) => {
      const img = document.querySelector(`${sel} img`) as HTMLImageElement | null
      return !!img && img.complete && img.naturalWidth > 0
    }, shot)
  }
  await b.click('#shot-popup-zoom-in')
  await settle(b)
  await b.screenshot({ path: readmeShot('reviewer-review.png') })

  await Promise.all([a.keyboard.press('a'), b.keyboard.press('a')])
  seenA.push(await nextShown(a, seenA[0]))
  seenB.push(await nextShown(b, seenB[0]))
  await Promise.all([a.keyboard.press('a'), b.keyboard.press('a')])
  await Promise.all([a.locator('#review-queue-empty').waitFor(), b.locator('#review-queue-empty').waitFor()])
  const all = [...seenA, ...seenB]
  expect(new Set(all).size).toBe(4)
  await ctxA.close()
  await ctxB.close()
}, 120_000)

test('a supervisor approves a cluster in one action, and the dashboard shows the numbers of this run', async () => {
  const cluster: Filed[] = []
  for (let i = 0; i < 3; i++) cluster.push(await file({ triggerDate: '2022-01-24' }))
  const ctx = await browser.newContext(DESK)
  const page = await login(ctx, 'boss', 'boss-pass-2022')
  await page.click('#btn-clusters')
  await page.locator('#cluster-count-0', { hasText: '3 条' }).waitFor()
  await page.click('#btn-cluster-approve-0')
  await page.click('#btn-cluster-confirm-0')
  await page.locator('#cluster-result', { hasText: '已批量通过 3 条' }).waitFor()
  for (const f of cluster) {
    const mine = await api('GET', `/appeals/${f.id}`, f.token)
    expect(mine.body.status).toBe('approved')
    expect(mine.body.timeline.filter((e: { type: string }) => e.type === 'approved')).toHaveLength(1)
  }

  await page.goto(`${server.url}/#/reviewer/pages/dashboard/index`)
  await page.locator('#dash-decided').waitFor()
  // this file: 2 approved + 2 rejected (keyboard run), 4 approved (two reviewers), 3 approved (cluster) = 11 decided;
  // one needs-info appeal is the whole backlog
  await expect(page.locator('#dash-decided').textContent()).resolves.toBe('11')
  await expect(page.locator('#dash-backlog').textContent()).resolves.toBe('1')
  await expect(page.locator('#dash-sla').textContent()).resolves.toBe('100%')
  const throughput = await page.$$eval('#chart-throughput [data-label]', (rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-label'), Number(r.getAttribute('data-value'))]))
  )
  expect(throughput.boss).toBe(3)
  expect(throughput['desk-a'] + throughput['desk-b']).toBe(9) // 5 (incl. needs-info) + 4
  await settle(page)
  await page.screenshot({ path: readmeShot('reviewer-dashboard.png'), fullPage: true })
  await ctx.close()
}, 120_000)
