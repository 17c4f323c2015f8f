// Issue 14 on the citizen's side of the h5 build: axe-core (WCAG 2.0/2.1/2.2 A + AA) on every citizen page
// with no serious or critical violation, every button named, pinch-zoom allowed, and the 适老化 sizes of
// 大字模式 measured in the browser. Appeals in several states are filed over the API; the citizen's
// token and a finished draft are put into the browser's Taro storage so the pages open where the story needs.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { PHONE, launchChromium, settle } from './support/browser'
import { apiCall, uploadSample } from './support/actions'
import { blockingMessage, describeAxe, runAxe, type AxeReport } from './support/axe'
import { addReviewer, startServer, type RunningServer } from './support/server'

const ID = '11010519491231002' + idCheckChar('11010519491231002')
const REVIEWER = { username: 'e2e-a11y-rev', password: 'e2e-a11y-pass-2022' }

let server: RunningServer
let browser: Browser
let citizen: { token: string; expiresAt: string }
let reviewer: string
const appeals: Record<'queued' | 'needsInfo' | 'approved', { id: string; trackingNo: string }> = {} as never
let draftShots: { popup: string; negatives: string[] }

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

async function file(category: 'medicine' | 'travel'): Promise<{ id: string; trackingNo: string }> {
  const popup = await uploadSample(server.url, citizen.token, 'popup.png')
  const a = await uploadSample(server.url, citizen.token, 'negative-1.png')
  const b = await uploadSample(server.url, citizen.token, 'negative-2.png')
  const negativeTests =
    category === 'medicine'
      ? [{ shot: a, sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }]
      : [
          { shot: a, sampledAt: new Date(Date.now() - 30 * 3600_000).toISOString() },
          { shot: b, sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }
        ]
  const r = await api('POST', '/appeals', citizen.token, {
    category,
    popupShot: popup,
    negativeTests,
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345678' },
    statement: '核酸已阴性，弹窗仍未解除'
  })
  expect(r.status).toBe(201)
  return { id: r.body.id, trackingNo: r.body.trackingNo }
}

async function decide(id: string, outcome: 'approved' | 'needs_info') {
  const claim = await api('POST', `/review/appeals/${id}/claim`, reviewer, {})
  expect(claim.status).toBe(200)
  const body = outcome === 'approved' ? { outcome, reasonCode: 'verified' } : { outcome, reasonCode: 'negative_test', note: '请补充一张最近 24 小时内的核酸阴性截图' }
  const r = await api('POST', `/review/appeals/${id}/decision`, reviewer, body)
  expect(r.status).toBe(200)
}

/** Beijing YYYY-MM-DD and HH:mm of an instant. */
function beijing(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 8 * 3600_000).toISOString()
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** A complete travel draft on the given step (as src/stores/draft.ts persists it through Taro storage). */
function draftAt(step: number) {
  const first = beijing(Date.now() - 30 * 3600_000)
  const second = beijing(Date.now() - 3 * 3600_000)
  return {
    state: {
      category: 'travel',
      popupShot: draftShots.popup,
      negatives: [
        { key: 'n1', shot: draftShots.negatives[0], ...first },
        { key: 'n2', shot: draftShots.negatives[1], ...second }
      ],
      district: '海淀区',
      name: '王小红',
      idNumber: ID,
      phone: '13912345678',
      statement: '出差返京，两次核酸均为阴性，弹窗仍未解除。',
      submitKey: `a11y-${step}`,
      triggerDate: null,
      blockedFromTesting: false,
      needByDate: null,
      needByReason: null,
      step
    },
    version: 2
  }
}

async function phone(opts: { draft?: unknown; big?: boolean; consent?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext(PHONE)
  // Taro's h5 storage keeps {"data": value}; the stores keep JSON strings as values
  await ctx.addInitScript(
    ({ session, draft, big, consent }) => {
      const put = (k: string, v: unknown) => localStorage.setItem(k, JSON.stringify({ data: JSON.stringify(v) }))
      if (!localStorage.getItem('pa.citizen.session')) put('pa.citizen.session', session)
      if (draft && !localStorage.getItem('pa.appeal-draft')) put('pa.appeal-draft', draft)
      if (!localStorage.getItem('pa.prefs')) {
        put('pa.prefs', { state: { bigText: big, consentAt: consent ? new Date().toISOString() : null, consentVersion: consent ? 1 : 0 }, version: 1 })
      }
    },
    { session: citizen, draft: opts.draft ?? null, big: opts.big ?? false, consent: opts.consent ?? false }
  )
  return ctx
}

beforeAll(async () => {
  server = await startServer((dataDir) => addReviewer(dataDir, ['--username', REVIEWER.username, '--password', REVIEWER.password, '--supervisor']))
  browser = await launchChromium()
  const s = await api('POST', '/session/device')
  expect(s.status).toBe(200)
  citizen = s.body
  const login = await api<{ token: string }>('POST', '/reviewer/session', undefined, REVIEWER)
  expect(login.status).toBe(200)
  reviewer = login.body.token
  appeals.queued = await file('travel')
  appeals.needsInfo = await file('medicine')
  appeals.approved = await file('medicine')
  await decide(appeals.needsInfo.id, 'needs_info')
  await decide(appeals.approved.id, 'approved')
  draftShots = {
    popup: await uploadSample(server.url, citizen.token, 'popup.png'),
    negatives: [await uploadSample(server.url, citizen.token, 'negative-1.png'), await uploadSample(server.url, citizen.token, 'negative-2.png')]
  }
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Visit {
  name: string
  url: string
  ready: string
  draft?: number
  /** what to do on the page before axe looks */
  then?: (page: Page) => Promise<void>
}

const detail = (id: string) => `/pages/appeal/detail?id=${encodeURIComponent(id)}`

function visits(): Visit[] {
  return [
    { name: 'home', url: '/pages/index/index', ready: '#btn-new-appeal' },
    {
      name: 'home + self-check result',
      url: '/pages/index/index',
      ready: '#btn-new-appeal',
      then: async (page) => {
        await page.click('#check-medicine')
        await page.click('#check-tests-one')
        await page.click('#check-midnight-yes')
        await page.locator('#self-check-result').waitFor()
      }
    },
    { name: 'form step 1 (situation)', url: '/packageAppeal/pages/new/index', ready: '#step-0', draft: 0 },
    { name: 'form step 2 (screenshots)', url: '/packageAppeal/pages/new/index', ready: '#step-1', draft: 1 },
    { name: 'form step 3 (test site)', url: '/packageAppeal/pages/new/index', ready: '#step-2', draft: 2 },
    { name: 'form step 4 (applicant)', url: '/packageAppeal/pages/new/index', ready: '#step-3', draft: 3 },
    { name: 'form step 5 (check)', url: '/packageAppeal/pages/new/index', ready: '#step-4', draft: 4 },
    { name: 'my appeals', url: '/pages/appeals/index', ready: `#appeal-${appeals.queued.trackingNo}` },
    { name: 'detail: queued', url: detail(appeals.queued.id), ready: '#appeal-status' },
    { name: 'detail: needs info', url: detail(appeals.needsInfo.id), ready: '#btn-supplement-open' },
    { name: 'detail: approved', url: detail(appeals.approved.id), ready: '#decision' },
    { name: 'receipt', url: `/packageAppeal/pages/receipt/index?id=${encodeURIComponent(appeals.queued.id)}`, ready: '#receipt-qr' },
    { name: 'privacy', url: '/packageAppeal/pages/privacy/index', ready: '#privacy-notice' },
    { name: 'supplement', url: `/packageAppeal/pages/supplement/index?id=${encodeURIComponent(appeals.needsInfo.id)}`, ready: '#supplement-form' }
  ]
}

async function open(v: Visit, big = false): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await phone({ draft: v.draft === undefined ? undefined : draftAt(v.draft), big })
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#${v.url}`)
  await page.locator(v.ready).first().waitFor({ timeout: 20_000 })
  if (v.then) await v.then(page)
  await settle(page)
  return { ctx, page }
}

test('axe finds no serious or critical violation on any citizen page (normal and 大字模式)', async () => {
  const lines: string[] = []
  const failures: string[] = []
  for (const big of [false, true]) {
    for (const v of visits()) {
      const { ctx, page } = await open(v, big)
      const name = `${v.name}${big ? ' [大字]' : ''}`
      const report: AxeReport = await runAxe(page)
      lines.push(describeAxe(name, report))
      if (report.blocking.length) failures.push(blockingMessage(name, report))
      await ctx.close()
    }
  }
  // the closing note of issue 14 quotes these counts
  process.stdout.write(`\naxe (citizen pages):\n${lines.map((l) => `  ${l}`).join('\n')}\n`)
  expect(failures).toEqual([])
}, 300_000)

test('the viewport lets everyone pinch-zoom', async () => {
  const { ctx, page } = await open(visits()[0])
  const content = await page.locator('meta[name="viewport"]').getAttribute('content')
  expect(content).not.toMatch(/user-scalable\s*=\s*(no|0)/)
  const max = /maximum-scale\s*=\s*([\d.]+)/.exec(content ?? '')
  if (max) expect(Number(max[1])).toBeGreaterThanOrEqual(2)
  await ctx.close()
})

/**
 * Through Chromium's accessibility tree (what a screen reader reads): every button, radio, switch, link and
 * text box has a name, and every element that looks tappable (pointer cursor) is exposed as a control.
 */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] }
  await cdp.detach()
  const controls = ['button', 'radio', 'switch', 'link', 'checkbox', 'textbox', 'combobox', 'tab', 'spinbutton']
  return nodes
    .filter((n) => !n.ignored && controls.includes(String(n.role?.value)) && !String(n.name?.value ?? '').trim())
    .map((n) => String(n.role?.value))
}

async function tappablesThatAreNotControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const controls = 'button, a[href], input, textarea, select, [role=button], [role=radio], [role=switch], [role=link], [role=checkbox], [role=tab], [role=dialog]'
    const out = []
    for (const el of document.querySelectorAll('.taro_page:last-child *')) {
      if (getComputedStyle(el).cursor !== 'pointer') continue
      if (el.closest(controls)) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      out.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0]) + ' ' + (el.textContent || '').trim().slice(0, 12))
    }
    return out
  })()`)
}

test('every button and control has an accessible name; nothing tappable hides from assistive technology', async () => {
  const problems: string[] = []
  let controls = 0
  for (const v of visits()) {
    const { ctx, page } = await open(v)
    for (const role of await unnamedControls(page)) problems.push(`${v.name}: a ${role} without a name`)
    for (const el of await tappablesThatAreNotControls(page)) problems.push(`${v.name}: tappable but not a control: ${el}`)
    controls += await page.locator('button:visible, [role=button]:visible, [role=radio]:visible, [role=switch]:visible').count()
    await ctx.close()
  }
  expect(controls).toBeGreaterThan(40)
  expect(problems).toEqual([])
}, 180_000)

interface Sizes {
  smallestBody: number
  smallestWhat: string
  largest: number
  tightestLine: number
  tightestWhat: string
  smallestTarget: { w: number; h: number; what: string }
}

/** Text and tap-target sizes of the current page, in CSS px (dp on a phone). */
async function measure(page: Page): Promise<Sizes> {
  return page.evaluate<Sizes>(`(() => {
    const root = document.querySelector('.taro_router > .taro_page:last-child') || document.body
    let smallestBody = Infinity, largest = 0, tightestLine = Infinity, smallestWhat = '', tightestWhat = ''
    const what = (el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0]) + ' ' + el.textContent.trim().slice(0, 8)
    let smallestTarget = { w: Infinity, h: Infinity, what: '' }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.textContent.trim()) continue
      const el = t.parentElement
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      const cs = getComputedStyle(el)
      const size = parseFloat(cs.fontSize)
      if (el.closest('[aria-hidden=true]')) continue
      if (size < smallestBody) { smallestBody = size; smallestWhat = what(el) }
      largest = Math.max(largest, size)
      const lh = cs.lineHeight === 'normal' ? size * 1.2 : parseFloat(cs.lineHeight)
      if (lh / size < tightestLine) { tightestLine = lh / size; tightestWhat = what(el) }
    }
    for (const el of root.querySelectorAll('button, [role=button], [role=radio], [role=switch], [role=link], input, textarea')) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (Math.min(r.width, r.height) < Math.min(smallestTarget.w, smallestTarget.h)) {
        smallestTarget = { w: Math.round(r.width), h: Math.round(r.height), what: (el.id ? '#' + el.id : el.tagName) + ' ' + (el.textContent || '').trim().slice(0, 10) }
      }
    }
    return { smallestBody, smallestWhat, largest, tightestLine, tightestWhat, smallestTarget }
  })()`)
}

test('大字模式 meets the MIIT elder-mode sizes; the normal mode keeps 44×44 targets', async () => {
  const report: string[] = []
  const problems: string[] = []
  const pages = visits().filter((v) => ['home + self-check result', 'form step 2 (screenshots)', 'form step 4 (applicant)', 'form step 5 (check)', 'detail: queued', 'my appeals'].includes(v.name))
  for (const big of [true, false]) {
    for (const v of pages) {
      const { ctx, page } = await open(v, big)
      if (big) await page.locator('.page--big').first().waitFor()
      const s = await measure(page)
      report.push(`${v.name}${big ? ' [大字]' : ''}: text ${s.smallestBody}–${s.largest}px, line ≥ ${s.tightestLine.toFixed(2)}, smallest target ${s.smallestTarget.w}×${s.smallestTarget.h} (${s.smallestTarget.what})`)
      const target = big ? 60 : 44
      if (big && s.smallestBody < 18) problems.push(`${v.name}: text at ${s.smallestBody}px in 大字模式 (${s.smallestWhat})`)
      if (big && s.largest < 30) problems.push(`${v.name}: largest text ${s.largest}px in 大字模式`)
      // 1.3 in CSS comes back as 1.2999… px ratios: a hundredth of slack, no more
      if (s.tightestLine < 1.29) problems.push(`${v.name}${big ? ' [大字]' : ''}: line spacing ${s.tightestLine.toFixed(2)} (${s.tightestWhat})`)
      if (s.smallestTarget.w < target || s.smallestTarget.h < target) {
        problems.push(`${v.name}${big ? ' [大字]' : ''}: target ${s.smallestTarget.what} is ${s.smallestTarget.w}×${s.smallestTarget.h}`)
      }
      await ctx.close()
    }
  }
  process.stdout.write(`\n适老化 sizes:\n${report.map((l) => `  ${l}`).join('\n')}\n`)
  expect(problems).toEqual([])
}, 180_000)
