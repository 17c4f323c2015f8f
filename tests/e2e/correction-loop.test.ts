// The end of the loop (issue 12) on the h5 build: a citizen files through the UI, a supervisor approves in the
// review UI, a test operator client (made with the real `npm run operator:add`) pulls the feed over HTTP and
// acks `cleared`; the citizen's page follows by itself to 弹窗已解除 with its time, and the receipt closes.
// A second appeal acked `not_found` shows 未能解除 to its citizen and lands on the supervisor's page with the
// operator's note, where 重新提交 sends it to the operator again. 「弹窗还在」 on the cleared appeal reopens it.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { CorrectionFeed, CorrectionItem } from '../../types/correction'
import { formatDateTime } from '../../src/domain/time'
import { DESK, PHONE, launchChromium, settle } from './support/browser'
import { apiCall, pickImage, uploadSample } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
const artifacts = join(root, 'test-artifacts')
const SUPERVISOR = { username: 'e2e-loop-sup', password: 'e2e-loop-pass-2022' }
const NOT_FOUND_NOTE = '健康宝中查无此人记录，请核对身份证号'

let server: RunningServer
let browser: Browser
let operatorKey = ''

/** The real CLI, as an operator's administrator runs it; the key is printed once, on a line `key: <KEY>`. */
function addOperator(dataDir: string, name: string): string {
  const r = spawnSync('npm', ['run', '--silent', 'operator:add', '--', '--name', name], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`operator:add failed: ${r.stderr}${r.stdout}`)
  const key = /^key: (\S+)$/m.exec(r.stdout)?.[1]
  if (!key) throw new Error(`operator:add printed no key line:\n${r.stdout}`)
  return key
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  server = await startServer((dataDir) => {
    addReviewer(dataDir, ['--username', SUPERVISOR.username, '--password', SUPERVISOR.password, '--supervisor'])
    operatorKey = addOperator(dataDir, 'e2e-jkb-operator')
  })
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

/** The test operator client: pages through the feed from the start (at least once: unacked items come again). */
async function pullAll(): Promise<CorrectionItem[]> {
  const items: CorrectionItem[] = []
  let after: string | null = null
  for (let page = 0; page < 20; page++) {
    const r: { status: number; body: CorrectionFeed } = await api<CorrectionFeed>('GET', `/operator/corrections?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`, operatorKey)
    expect(r.status).toBe(200)
    items.push(...r.body.items)
    after = r.body.next
    if (!after) return items
  }
  throw new Error('the feed did not end within 20 pages')
}

async function pullFor(appealId: string): Promise<CorrectionItem> {
  const hit = (await pullAll()).find((i) => i.appealId === appealId)
  if (!hit) throw new Error(`appeal ${appealId} is not in the operator feed`)
  return hit
}

async function shot(page: Page, name: string) {
  await settle(page)
  await page.screenshot({ path: join(artifacts, name), fullPage: true })
}

/** The citizen's token as the h5 app stored it (Taro wraps each value as {"data": <value>}). */
async function citizenToken(page: Page): Promise<string> {
  return page.evaluate(() => {
    const raw = JSON.parse(localStorage.getItem('pa.citizen.session') ?? '{}')
    const v = typeof raw.data === 'string' ? JSON.parse(raw.data) : raw.data ?? raw
    return v.token as string
  })
}

test('filed, approved, handed over, cleared: the citizen sees 弹窗已解除 and the receipt closes; not_found reaches the supervisor; 「弹窗还在」 reopens', async () => {
  // ---- the citizen files through the UI
  const phone: BrowserContext = await browser.newContext(PHONE)
  const page = await phone.newPage()
  await page.goto(`${server.url}/#/pages/index/index`)
  await page.click('#btn-new-appeal')
  await page.click('#category-medicine')
  await page.click('#btn-step-next')
  await page.click('#pick-popup')
  await pickImage(page, '#consent-agree', 'popup.png')
  await page.locator('#upload-status-popup', { hasText: '已上传' }).waitFor({ timeout: 20_000 })
  await pickImage(page, '#pick-negative-0', 'negative-1.png')
  await page.locator('#upload-status-negative-0', { hasText: '已上传' }).waitFor({ timeout: 20_000 })
  // sampled yesterday 23:00 Beijing time: always in the past and within 72 hours
  await page.click('#date-chip-0-1')
  await page.fill('#time-input-0', '2300')
  await page.click('#btn-step-next')
  await page.locator('#step-where', { hasText: '第 3 步' }).waitFor()
  await page.click('#btn-step-next')
  await page.locator('#step-where', { hasText: '第 4 步' }).waitFor()
  await page.selectOption('#district-select', { index: 1 })
  await page.fill('#input-name input', '李小华')
  await page.fill('#input-id input', '11010519491231002X')
  await page.fill('#input-phone input', '13812345678')
  await page.fill('#input-statement textarea', '只买过哮喘药，核酸已阴性，弹窗仍未解除。')
  await page.click('#btn-step-next')
  await page.click('#btn-submit')
  const trackingNo = (await page.locator('#tracking-no').textContent({ timeout: 15_000 }))!.trim()
  await page.locator('#appeal-status', { hasText: '排队待审' }).waitFor()
  const token = await citizenToken(page)
  const mine = await api<{ items: { id: string; trackingNo: string }[] }>('GET', '/appeals', token)
  const appealId = mine.body.items.find((a) => a.trackingNo === trackingNo)?.id ?? ''
  expect(appealId).not.toBe('')
  // nothing for the operator before a reviewer approves
  expect((await pullAll()).some((i) => i.appealId === appealId)).toBe(false)

  // ---- a supervisor approves it in the review UI
  const desk = await browser.newContext(DESK)
  const reviewer = await desk.newPage()
  await reviewer.goto(`${server.url}/#/reviewer/pages/login/index`)
  await reviewer.fill('#input-username input', SUPERVISOR.username)
  await reviewer.fill('#input-password input', SUPERVISOR.password)
  await reviewer.click('#btn-login')
  await reviewer.click('#btn-claim-next')
  await reviewer.click('#btn-approve')
  if (await reviewer.locator('#btn-confirm-decision').isVisible()) await reviewer.click('#btn-confirm-decision')
  await reviewer.locator('#btn-next').waitFor({ timeout: 15_000 })

  // ---- the citizen: approved, waiting for the operator; the receipt stays (no 24-hour promise)
  await page.reload()
  await page.locator('#appeal-status', { hasText: '已通过' }).waitFor({ timeout: 15_000 })
  await page.locator('#correction').waitFor()
  await expect(page.locator('#correction').textContent()).resolves.toContain('弹窗解除进度')
  await expect(page.locator('#correction-approved').textContent()).resolves.toContain('已通过')
  await expect(page.locator('#correction-handed_over').textContent()).resolves.toContain('等待转交健康宝运营方')
  await expect(page.locator('#btn-receipt').textContent()).resolves.toContain('出示检测凭证')
  const body = (await page.textContent('body'))!
  expect(body).toContain('弹窗确认解除前可向检测点出示凭证二维码')
  expect(body).not.toContain('24 小时内解除')
  expect(body).toContain('页面会自动刷新')
  await shot(page, 'correction-waiting.png')

  // ---- the operator client pulls: full identity, only on this channel; the citizen's page follows by itself
  const item = await pullFor(appealId)
  expect(item).toMatchObject({ trackingNo, attempt: 1, person: { name: '李小华', idNumber: '11010519491231002X', phone: '13812345678' } })
  expect(item.negativeTests).toHaveLength(1)
  await page.locator('#correction-handed_over', { hasText: '健康宝运营方正在处理' }).waitFor({ timeout: 45_000 })
  const handed = (await api('GET', `/appeals/${appealId}`, token)).body.correction
  expect(handed.status).toBe('handed_over')
  await expect(page.locator('#correction-handed_over').textContent()).resolves.toContain(formatDateTime(handed.handedOverAt))
  await expect(page.locator('#still-popped-wait').textContent()).resolves.toContain(`如 ${formatDateTime(handed.stillPoppedAvailableAt)}`)
  await expect(page.locator('#btn-still-popped').count()).resolves.toBe(0)
  await expect(page.locator('[data-testid="timeline-event"]', { hasText: '已转交健康宝运营方' }).textContent()).resolves.toContain('（健康宝运营方）')

  // the receipt while handed over: QR and the stage
  await page.click('#btn-receipt')
  await page.locator('#receipt-qr').waitFor({ timeout: 15_000 })
  await page.locator('.receipt__status', { hasText: '申诉状态：已转健康宝（弹窗确认解除前凭证有效）' }).waitFor({ timeout: 15_000 })
  await shot(page, 'correction-receipt-handed-over.png')
  await page.goBack()
  await page.locator('#correction').waitFor({ timeout: 15_000 })

  // ---- the operator acks cleared (twice: the same answer is the same 2xx)
  const ack = await api('POST', `/operator/corrections/${encodeURIComponent(item.id)}/ack`, operatorKey, { result: 'cleared' })
  expect(ack.status).toBeLessThan(300)
  expect((await api('POST', `/operator/corrections/${encodeURIComponent(item.id)}/ack`, operatorKey, { result: 'cleared' })).status).toBe(ack.status)
  expect((await pullAll()).some((i) => i.appealId === appealId)).toBe(false)

  // the citizen sees 弹窗已解除 with its Beijing time, without reloading
  await page.locator('#correction-outcome', { hasText: '弹窗已解除' }).waitFor({ timeout: 45_000 })
  const cleared = (await api('GET', `/appeals/${appealId}`, token)).body.correction
  expect(cleared.status).toBe('cleared')
  await expect(page.locator('#correction-outcome').textContent()).resolves.toContain(formatDateTime(cleared.clearedAt))
  await expect(page.locator('#correction-outcome').textContent()).resolves.toMatch(/（(几秒|\d+ 秒|1 分钟|\d+ 分钟)前）/)
  await expect(page.locator('[data-testid="timeline-event"]', { hasText: '确认弹窗已解除' }).textContent()).resolves.toContain('（健康宝运营方）')
  // the receipt closes: no button, no offer of a QR, a plain sentence instead; polling has ended
  await expect(page.locator('#btn-receipt').count()).resolves.toBe(0)
  await expect(page.locator('#receipt-closed').textContent()).resolves.toContain('弹窗已确认解除，检测凭证已失效')
  expect(await page.textContent('body')).not.toContain('可向检测点出示凭证二维码')
  await expect(page.locator('.detail__refresh').textContent()).resolves.toContain('已办结')
  await shot(page, 'correction-cleared.png')
  expect((await api('GET', `/appeals/${appealId}/receipt`, token)).status).toBe(404)
  await page.goto(`${server.url}/#/packageAppeal/pages/receipt/index?id=${encodeURIComponent(appealId)}`)
  await page.locator('#receipt-closed', { hasText: '弹窗已解除，凭证已失效' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('#receipt-closed').textContent()).resolves.toContain(`健康宝运营方于 ${formatDateTime(cleared.clearedAt)}`)
  await expect(page.locator('#receipt-qr').count()).resolves.toBe(0)
  await shot(page, 'correction-receipt-closed.png')

  // ---- a second appeal (same citizen, over the API) is approved and acked not_found
  const popup = await uploadSample(server.url, token, 'popup.png')
  const neg = await uploadSample(server.url, token, 'negative-2.png')
  const filed = await api('POST', '/appeals', token, {
    category: 'medicine',
    popupShot: popup,
    negativeTests: [{ shot: neg, sampledAt: new Date(Date.now() - 2 * 3600_000).toISOString() }],
    district: '朝阳区',
    applicant: { name: '李小华', idNumber: '11010519491231002X', phone: '13812345678' },
    statement: '第二次申诉：核酸阴性后仍弹窗'
  })
  expect(filed.status).toBe(201)
  const second = filed.body as { id: string; trackingNo: string }
  const sup = await api<{ token: string }>('POST', '/reviewer/session', undefined, SUPERVISOR)
  expect(sup.status).toBe(200)
  expect((await api('POST', `/review/appeals/${encodeURIComponent(second.id)}/claim`, sup.body.token, {})).status).toBe(200)
  expect((await api('POST', `/review/appeals/${encodeURIComponent(second.id)}/decision`, sup.body.token, { outcome: 'approved', reasonCode: 'verified' })).status).toBeLessThan(300)
  const secondItem = await pullFor(second.id)
  expect((await api('POST', `/operator/corrections/${encodeURIComponent(secondItem.id)}/ack`, operatorKey, { result: 'not_found', note: NOT_FOUND_NOTE })).status).toBeLessThan(300)
  // a different answer afterwards is a conflict
  expect((await api('POST', `/operator/corrections/${encodeURIComponent(secondItem.id)}/ack`, operatorKey, { result: 'cleared' })).status).toBe(409)

  // its citizen sees 未能解除, why, and what next; the receipt still holds
  await page.goto(`${server.url}/#/pages/appeal/detail?id=${encodeURIComponent(second.id)}`)
  await page.locator('#correction-outcome', { hasText: '未能解除' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('#correction-outcome').textContent()).resolves.toContain(`原因：${NOT_FOUND_NOTE}`)
  await expect(page.locator('#correction-next').textContent()).resolves.toContain('下一步：工作人员会核实后重新提交或联系您')
  await expect(page.locator('#btn-receipt').count()).resolves.toBe(1)
  await shot(page, 'correction-not-cleared.png')
  // 我的申诉: each chip names where the correction stands
  await page.goto(`${server.url}/#/pages/appeals/index`)
  await page.locator(`#status-${second.trackingNo}`, { hasText: '未能解除' }).waitFor({ timeout: 15_000 })
  await expect(page.locator(`#status-${trackingNo}`).textContent()).resolves.toBe('弹窗已解除')
  await shot(page, 'correction-list.png')

  // ---- the supervisor: the dashboard's correction figures, then the problem list with the operator's note
  await reviewer.goto(`${server.url}/#/reviewer/pages/dashboard/index`)
  await reviewer.locator('#dash-corrections').waitFor({ timeout: 15_000 })
  await expect(reviewer.locator('#dash-corrections').textContent()).resolves.toContain('通过→解除 中位数')
  await expect(reviewer.locator('#dash-corr-not-cleared').textContent()).resolves.toBe('1')
  await reviewer.click('#btn-corrections')
  const problem = reviewer.locator(`#problem-${second.trackingNo}`)
  await problem.waitFor({ timeout: 15_000 })
  await expect(problem.textContent()).resolves.toContain(`运营方说明：${NOT_FOUND_NOTE}`)
  await expect(problem.textContent()).resolves.toContain('健康宝中未找到该人员的弹窗记录')
  await expect(reviewer.locator(`#problem-${trackingNo}`).count()).resolves.toBe(0)
  await shot(reviewer, 'correction-supervisor.png')
  // 重新提交: it leaves the list and reaches the operator again as attempt 2
  await problem.locator('#btn-retry-0', { hasText: '重新提交' }).click()
  await reviewer.locator('#correction-result', { hasText: `${second.trackingNo}：已重新提交给健康宝运营方` }).waitFor({ timeout: 15_000 })
  await reviewer.locator(`#problem-${second.trackingNo}`).waitFor({ state: 'detached', timeout: 15_000 })
  await expect(reviewer.textContent('body')).resolves.toContain('没有待处理的纠错')
  expect((await pullFor(second.id)).attempt).toBe(2)

  // ---- 「弹窗还在」 on the cleared appeal: confirm with a note, it goes back to the queue and the citizen sees so
  await page.goto(`${server.url}/#/pages/appeal/detail?id=${encodeURIComponent(appealId)}`)
  await page.locator('#correction-outcome', { hasText: '弹窗已解除' }).waitFor({ timeout: 15_000 })
  await page.click('#btn-still-popped')
  await page.locator('#still-popped-confirm', { hasText: '确认健康宝仍显示弹窗？' }).waitFor()
  await page.fill('#still-popped-note textarea', '今早扫码仍然弹窗')
  await shot(page, 'correction-still-popped-confirm.png')
  await page.click('#btn-still-popped-confirm')
  await page.locator('#appeal-status', { hasText: '排队待审' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('#reopened').textContent()).resolves.toContain('反馈弹窗还在，申诉已回到队首重新审核')
  await expect(page.locator('[data-testid="timeline-event"]', { hasText: '反馈弹窗还在，重新排队审核' }).textContent()).resolves.toContain('（申诉人）')
  await expect(page.locator('#correction').count()).resolves.toBe(0)
  // the receipt is back while it is open again
  await expect(page.locator('#btn-receipt').count()).resolves.toBe(1)
  await shot(page, 'correction-reopened.png')
  const reopened = (await api('GET', `/appeals/${appealId}`, token)).body
  expect(reopened.status).toBe('queued')
  expect(reopened.timeline.find((e: { type: string }) => e.type === 'still_popped')?.note ?? '').toContain('今早扫码仍然弹窗')

  await phone.close()
  await desk.close()
}, 240_000)
