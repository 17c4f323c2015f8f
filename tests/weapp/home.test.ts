/**
 * @jest-environment jsdom
 */
// Renders the compiled WeChat home page (dist/weapp, built by `taro build --type weapp`) with
// miniprogram-simulate and WeChat's own wcc template compiler: proof that the weapp build renders,
// not just compiles. Taro registers pages with Page(); the simulator only knows Component(), so
// Page() is mapped onto a component whose attach runs the page's onLoad/onShow.
import fs from 'node:fs'
import path from 'node:path'

const dist = path.resolve(__dirname, '../../dist/weapp')

type PageDef = Record<string, any>

let captured: PageDef | null = null
let appDef: PageDef | null = null

beforeAll(() => {
  if (!fs.existsSync(path.join(dist, 'app.js'))) {
    throw new Error('dist/weapp is missing: run `npx taro build --type weapp` first')
  }
  const storage = new Map<string, string>()
  const g = global as any
  g.wx = {
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 812, pixelRatio: 2, fontSizeSetting: 16, SDKVersion: '3.0.0' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.0.0', fontSizeSetting: 16 }),
    getStorageSync: (k: string) => (storage.has(k) ? JSON.parse(storage.get(k)!) : ''),
    setStorageSync: (k: string, v: unknown) => storage.set(k, JSON.stringify(v)),
    removeStorageSync: (k: string) => storage.delete(k),
    getStorage: (o: any) => o.success?.({ data: storage.get(o.key) }),
    setStorage: (o: any) => o.success?.({}),
    nextTick: (fn: () => void) => setTimeout(fn),
    onAppShow: () => {},
    onAppHide: () => {},
    onNetworkStatusChange: () => {},
    onMemoryWarning: () => {},
    request: (o: any) => o.fail?.({ errMsg: 'request:fail offline in test' }),
    login: (o: any) => o.fail?.({ errMsg: 'login:fail offline in test' })
  }
  g.App = (def: PageDef) => {
    appDef = def
  }
  g.getApp = () => appDef
  g.getCurrentPages = () => []
  g.Page = (def: PageDef) => {
    captured = def
  }
  require(path.join(dist, 'app.js'))
  appDef?.onLaunch?.call(appDef, { path: 'pages/index/index', query: {} })
})

test('the compiled home page renders the self-check and the three popup situations', async () => {
  // the simulator defines Component(); load it only now, after Taro's app has registered
  const simulate = require('miniprogram-simulate')
  const g = global as any
  const component = g.Component
  g.Page = (def: PageDef) => {
    captured = def
    const methods: Record<string, any> = {}
    for (const [k, v] of Object.entries(def)) if (typeof v === 'function') methods[k] = v
    component({
      data: def.data ?? {},
      methods,
      lifetimes: {
        attached(this: any) {
          this.route = 'pages/index/index'
          this.__route__ = 'pages/index/index'
          def.onLoad?.call(this, {})
          def.onShow?.call(this)
          def.onReady?.call(this)
        }
      }
    })
  }
  const id = simulate.load(path.join(dist, 'pages/index/index'), { rootPath: dist })
  const page = simulate.render(id)
  page.attach(document.createElement('parent-wrapper'))
  expect(captured).not.toBeNull()
  await simulate.sleep(50)
  const text = page.dom.textContent as string
  expect(text).toContain('购药弹窗')
  expect(text).toContain('我要申诉')
})
