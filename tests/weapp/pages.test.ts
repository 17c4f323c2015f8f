/**
 * @jest-environment jsdom
 */
// Every page of the compiled WeChat build (dist/weapp/app.json: the main package and the `reviewer` and
// `packageAppeal` subpackages), rendered in miniprogram-simulate against a live API with real data, asserting
// the Chinese text a person would see. Pages reach the server through wx.request (real HTTP); every page
// waits on a condition, never a fixed sleep.
import fs from 'node:fs'
import path from 'node:path'
import type { Appeal } from '../../types/appeal'
import { api } from './support/http'
import { seed, type Seeded } from './support/seed'
import { DIST, loadWeapp, startLiveApi, type LiveApi, type Weapp } from './support/weapp'

jest.setTimeout(60_000)

let live: LiveApi
let app: Weapp
let data: Seeded
const opened = new Set<string>()

beforeAll(async () => {
  live = await startLiveApi()
  data = await seed(live)
  app = loadWeapp(live.base)
  app.loginAs(data.citizenCode)
})
afterAll(async () => {
  await live?.stop()
})

async function open(route: string, query: Record<string, string> = {}) {
  const page = await app.open(route, query)
  const close = page.close
  // a route counts as rendered once a test closes it after its assertions
  return { ...page, close: () => (opened.add(route), close()) }
}

/** the last navigation the app asked WeChat for */
function lastNavigation(api: string) {
  return [...app.log.navigations].reverse().find((n) => n.api === api)
}

describe('main package', () => {
  test('pages/index/index: the self-check and the three popup situations; the citizen is signed in through WeChat login', async () => {
    const page = await open('pages/index/index')
    await page.waitForText('健康宝弹窗纠错', '我要申诉', '我的申诉（查看进度）', '三种弹窗情形及解除办法', '进（返）京弹窗', '风险点位 / 轨迹交集弹窗', '购药弹窗')
    await page.tap('#check-medicine')
    await page.waitForText('自查 2：弹窗后做过核酸吗？')
    await page.tap('#check-tests-refused')
    await page.waitForText('建议：现在申诉', '按此情形去申诉')
    // the session warm-up: wx.login → POST /session/wechat → a token the live server issued
    await app.waitFor(
      () => app.log.requests.find((r) => r.url.endsWith('/api/v1/session/wechat') && r.status === 200),
      () => `no successful WeChat sign-in; requests: ${JSON.stringify(app.log.requests)}`
    )
    page.close()
  })

  test('packageAppeal/pages/new/index: the form opens on its first step', async () => {
    const page = await open('packageAppeal/pages/new/index')
    await page.waitForText('您是因为哪种情况被弹窗？', '购药弹窗', '弹窗出现的日期（选填）')
    page.close()
  })

  test('pages/appeals/index: my appeals, with their status and tracking numbers from the server', async () => {
    const page = await open('pages/appeals/index')
    await page.waitForText(`查询码：${data.queued.trackingNo}`, `查询码：${data.needsInfo.trackingNo}`, '排队待审', '待补充材料', '购药弹窗', '进（返）京弹窗')
    // none of the other citizens' appeals
    for (const other of data.others) expect(page.text()).not.toContain(other.trackingNo)
    page.close()
  })

  test('pages/appeal/detail: status, tracking number and place in the queue of a queued appeal', async () => {
    // what the server says about this appeal's place right now, asked as its owner
    const http = api(live.base)
    const { token } = await http.ok<{ token: string }>(200, 'POST', '/session/wechat', { body: { code: `${data.citizenCode}-99` } })
    const now = await http.ok<Appeal>(200, 'GET', `/appeals/${data.queued.id}`, { token })
    const place = now.queue!.position === 0 ? '下一个就轮到您' : `前面还有 ${now.queue!.position} 件申诉`

    const page = await open('pages/appeal/detail', { id: data.queued.id })
    await page.waitForText('查询码', data.queued.trackingNo, '排队待审', place, '购药弹窗 · 朝阳区', '尚未出结果', '出示检测凭证（二维码）', '办理记录')
    page.close()
  })
})

describe('subpackage packageAppeal', () => {
  test('packageAppeal/pages/receipt/index: the test-site receipt with the masked name, status, tracking number and a QR code', async () => {
    const page = await open('packageAppeal/pages/receipt/index', { id: data.queued.id })
    await page.waitForText('检测点不得拒绝弹窗人员检测', '申诉人：王*明', `申诉状态：排队待审（正在办理） · 查询码 ${data.queued.trackingNo}`, '请检测点工作人员扫码核验')
    const qr = await page.find('#receipt-qr')
    // a version-2+ QR code of the verification URL: dozens of dark runs drawn as views
    expect(qr.dom.querySelectorAll('*').length).toBeGreaterThan(50)
    expect(page.text()).not.toContain('王小明')
    page.close()
  })

  test('packageAppeal/pages/privacy/index: the privacy notice in plain words', async () => {
    const page = await open('packageAppeal/pages/privacy/index')
    await page.waitForText('个人信息处理说明', '敏感个人信息', '传输和存储', '您的权利', '您尚未同意处理敏感个人信息。上传截图前会再次询问。')
    page.close()
  })

  test('packageAppeal/pages/supplement/index, reached from the needs-info appeal: the reviewer’s request and the form', async () => {
    const detail = await open('pages/appeal/detail', { id: data.needsInfo.id })
    await detail.waitForText(data.needsInfo.trackingNo, '待补充材料', '审核结果：需要补充材料', `审核说明：${data.needsInfoNote}`, '工作人员需要您补充材料')
    await detail.tap('#btn-supplement-open')
    const nav = await app.waitFor(() => lastNavigation('navigateTo')?.url?.startsWith('/packageAppeal/pages/supplement/index') && lastNavigation('navigateTo')!, () => `no navigation to the supplement page: ${JSON.stringify(app.log.navigations)}`)
    expect(nav.url).toContain(`id=${encodeURIComponent(data.needsInfo.id)}`)
    detail.close()

    const page = await open('packageAppeal/pages/supplement/index', { id: data.needsInfo.id })
    await page.waitForText('审核结果：需要补充材料', data.needsInfoNote, '补充材料', '提交补充材料')
    page.close()
  })
})

describe('subpackage reviewer', () => {
  async function signIn(account: { username: string; password: string }) {
    const page = await open('reviewer/pages/login/index')
    await page.waitForText('审核员登录', '仅供社区、街道、区及 12345 工作人员使用。')
    const redirects = app.log.navigations.length
    await page.input('#input-username', account.username)
    await page.input('#input-password', account.password)
    await page.tap('#btn-login')
    await app.waitFor(
      () => app.log.navigations.slice(redirects).find((n) => n.api === 'redirectTo' && n.url === '/reviewer/pages/queue/index'),
      () => `login did not go on to the queue; page shows: ${page.text()}`
    )
    page.close()
  }

  test('reviewer/pages/login/index: a wrong password is refused in Chinese; the right one opens the queue', async () => {
    const page = await open('reviewer/pages/login/index')
    await page.input('#input-username', live.reviewer.username)
    await page.input('#input-password', 'not-the-password')
    await page.tap('#btn-login')
    await page.waitForText('用户名或密码不正确')
    page.close()
    await signIn(live.reviewer)
  })

  let claimed = ''
  test('reviewer/pages/queue/index: the counts per status and the queued appeals of the reviewer’s district', async () => {
    const page = await open('reviewer/pages/queue/index')
    await page.waitForText(`审核员：${live.reviewer.username}`, '领取下一条（按优先级）', ...data.others.map((o) => o.trackingNo), data.queued.trackingNo)
    expect((await page.find('#count-queued')).dom.textContent).toBe('4排队待审')
    expect((await page.find('#count-needs_info')).dom.textContent).toBe('1待补充材料')
    expect((await page.find('#count-approved')).dom.textContent).toBe('0已通过')
    // claiming opens the review page of the appeal the server handed out
    await page.tap('#btn-claim-next')
    const nav = await app.waitFor(
      () => lastNavigation('navigateTo')?.url?.startsWith('/reviewer/pages/review/index?id=') && lastNavigation('navigateTo')!,
      () => `claiming did not open a review page: ${JSON.stringify(app.log.navigations)}; ${page.text()}`
    )
    claimed = decodeURIComponent(new URL(nav.url!, 'http://x').searchParams.get('id')!)
    page.close()
  })

  test('reviewer/pages/review/index: the claimed appeal with the applicant, the rule checks and the decision buttons', async () => {
    const appeal = [data.queued, ...data.others].find((a) => a.id === claimed)
    expect(appeal).toBeDefined()
    const page = await open('reviewer/pages/review/index', { id: claimed })
    await page.waitForText(appeal!.trackingNo, appeal!.applicant.name, '核酸规则核对', '审核决定', '申诉人与说明', appeal!.statement)
    page.close()
  })

  test('reviewer/pages/dashboard/index: the supervisor’s numbers', async () => {
    await signIn(live.supervisor)
    const page = await open('reviewer/pages/dashboard/index')
    await page.waitForText('统计看板', '待办（排队 + 审核中 + 待补充）', '已办结（通过 + 驳回）', '超时未办')
    // 4 queued (or 3 queued and the one just claimed, until its release lands) + 1 waiting for material
    expect((await page.find('#dash-backlog')).dom.textContent).toBe('5')
    expect((await page.find('#dash-decided')).dom.textContent).toBe('0')
    page.close()
  })

  test('reviewer/pages/corrections/index: the supervisor’s list of corrections the operator could not apply, as the server lists them', async () => {
    const http = api(live.base)
    const s = await http.ok<{ token: string }>(200, 'POST', '/reviewer/session', { body: live.supervisor })
    const problems = await http.ok<unknown[]>(200, 'GET', '/review/corrections/problems', { token: s.token })
    // nothing was approved in the seed, so no operator answered anything yet
    expect(problems).toEqual([])
    const page = await open('reviewer/pages/corrections/index')
    await page.waitForText('健康宝运营方未能解除的纠错（0）', '没有待处理的纠错', '健康宝运营方回复“未找到”或“拒绝”的纠错会出现在这里。', '统计看板')
    page.close()
  })

  test('reviewer/pages/clusters/index: same-cause appeals grouped for the supervisor, as the server groups them', async () => {
    const http = api(live.base)
    const s = await http.ok<{ token: string }>(200, 'POST', '/reviewer/session', { body: live.supervisor })
    const groups = (await http.ok<{ items: { count: number; trackingNos: string[] }[] }>(200, 'GET', '/review/clusters', { token: s.token })).items
    // the three same-cause appeals form at least one group (two, should their filing straddle an hour)
    expect(groups.some((g) => g.trackingNos.filter((t) => data.others.some((o) => o.trackingNo === t)).length >= 2)).toBe(true)
    const page = await open('reviewer/pages/clusters/index')
    await page.waitForText('同因分组（同类型与触发日、同区、同一小时内提交）', '核实后整组通过', ...groups.map((g) => `${g.count} 条`), ...groups.flatMap((g) => g.trackingNos))
    page.close()
  })
})

test('every page of app.json was rendered', () => {
  const config = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
  const all = [...config.pages, ...config.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
  expect(config.subPackages.map((p) => p.root).sort()).toEqual(['packageAppeal', 'reviewer'])
  expect(all.filter((p) => !opened.has(p))).toEqual([])
  // no page talked to anything but the live server
  expect(app.log.requests.length).toBeGreaterThan(10)
  expect(app.log.requests.filter((r) => !r.url.startsWith(`${live.base}/api/v1/`))).toEqual([])
})

test('a release build ignores the develop-only API override in storage and calls the API it was built for', async () => {
  app.setEnvVersion('release')
  try {
    const before = app.log.requests.length
    const page = await app.open('pages/appeals/index')
    const call = await app.waitFor(
      () => app.log.requests.slice(before).find((r) => r.url.includes('/api/v1/appeals')),
      () => `the list page made no request: ${JSON.stringify(app.log.requests.slice(before))}`
    )
    // the compiled base (not the live server, so the stand-in network refuses it as WeChat refuses unknown domains)
    expect(call.url.startsWith(live.base)).toBe(false)
    expect(call.status).toBe(0)
    await page.waitForText('网络')
    page.close()
  } finally {
    app.setEnvVersion('develop')
  }
})
