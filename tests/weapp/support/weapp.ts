// Runs the compiled mini-program (dist/weapp) in miniprogram-simulate against a live API server.
// WeChat's wcc compiles the templates (the simulator's `official` compiler); Taro registers pages with Page(),
// which the simulator does not know, so each Page() definition becomes a Component() whose attach runs the
// page's onLoad/onShow/onReady and whose detach runs onHide/onUnload — what WeChat does on open and close.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { createWx, type Wx } from './wx'

export const ROOT = path.resolve(__dirname, '../../..')
export const DIST = path.join(ROOT, 'dist/weapp')
export const FIXTURES = path.join(ROOT, 'tests/fixtures')

export interface Account {
  username: string
  password: string
}

export interface LiveApi {
  base: string
  reviewer: Account
  supervisor: Account
  stop: () => Promise<void>
}

/** Starts tests/weapp/support/live-server.ts and waits for its ready line. */
export function startLiveApi(timeoutMs = 60_000): Promise<LiveApi> {
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(__dirname, 'live-server.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' }
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin!.end()
      await exited
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`the live API did not start within ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the live API exited (${code}) before it was ready\n${stderr}`))
    })
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer)
      try {
        resolve({ ...(JSON.parse(line) as Omit<LiveApi, 'stop'>), stop })
      } catch {
        reject(new Error(`unexpected line from the live API: ${line}\n${stderr}`))
      }
    })
  })
}

/** Polls `check` until it returns a value other than undefined/false; fails with `describe()` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, describe: () => string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const v = check()
    if (v !== undefined && v !== false) return v
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms: ${describe()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** an element of miniprogram-exparser, the component tree under the simulator's DOM */
interface ExparserNode {
  id?: string
  childNodes?: ExparserNode[]
  shadowRoot?: ExparserNode
  $$: HTMLElement
}

/** a rendered element: its exparser node and the DOM it renders to */
export interface Element {
  node: ExparserNode
  dom: HTMLElement
}

interface RenderedPage {
  dom: HTMLElement
  _exparserNode: { shadowRoot: ExparserNode }
  attach: (parent: globalThis.Element) => void
  detach: () => void
}

export interface PageHandle {
  route: string
  text: () => string
  /** waits until every needle is on the page */
  waitForText: (...needles: (string | RegExp)[]) => Promise<string>
  /** waits until the element exists (searching into Taro's recursive `comp` components too) */
  find: (selector: string) => Promise<Element>
  tap: (selector: string) => Promise<void>
  input: (selector: string, value: string) => Promise<void>
  /** the data tree Taro handed to WeChat's setData (what base.wxml's templates render) */
  data: () => unknown
  close: () => void
}

export interface Weapp extends Wx {
  open: (route: string, query?: Record<string, string>) => Promise<PageHandle>
  waitFor: typeof waitFor
}

let loaded: Weapp | null = null

/** Loads dist/weapp/app.js once per test file with the given API base in (develop-build) storage. */
export function loadWeapp(apiBase: string): Weapp {
  if (loaded) return loaded
  if (!fs.existsSync(path.join(DIST, 'app.json'))) {
    throw new Error('dist/weapp is missing: build it (npm test does, or scripts/taro-build.mjs ensureBuild("weapp"))')
  }
  const made = createWx({ apiBase })
  const g = global as any
  g.wx = made.wx
  let appDef: Record<string, any> | null = null
  const stack: any[] = []
  g.App = (def: Record<string, any>) => void (appDef = def)
  g.getApp = () => appDef
  g.getCurrentPages = () => [...stack]
  g.Page = () => {
    throw new Error('a page registered before the harness opened it')
  }
  require(path.join(DIST, 'app.js'))
  appDef!.onLaunch?.call(appDef, { path: 'pages/index/index', query: {}, scene: 1001 })
  appDef!.onShow?.call(appDef, { path: 'pages/index/index', query: {}, scene: 1001 })
  // the simulator defines Component() when loaded: only now, after Taro's app has registered
  const simulate = require('miniprogram-simulate')
  const exparser = require('miniprogram-exparser')
  const simulateComponent = g.Component

  // WeChat registers each page and component once and builds every instance from that definition. The simulator
  // instead re-runs a page's script (and its `comp` component's) on every load, to catch the Page()/Component()
  // call; but webpack runs a module once per JS context, so a script run again registers nothing. Every
  // registration is therefore remembered by the webpackJsonp chunk whose push made it, and replayed when that
  // chunk is pushed again and registers nothing itself.
  const replays = new Map<string, () => void>()
  let pushing: string | null = null
  let registrations = 0
  const component = (options: Record<string, any>) => {
    registrations++
    simulateComponent(options)
  }
  g.Component = (options: Record<string, any>) => {
    if (pushing) replays.set(pushing, () => component(options))
    component(options)
  }
  const jsonp = g.wx.webpackJsonp as { push: (chunk: [number[], ...unknown[]]) => unknown }
  const push = jsonp.push.bind(jsonp)
  jsonp.push = (chunk) => {
    const key = chunk[0].join(',')
    const before = registrations
    const outer = pushing
    pushing = key
    try {
      const r = push(chunk)
      if (registrations === before) replays.get(key)?.()
      return r
    } finally {
      pushing = outer
    }
  }

  const open = async (route: string, query: Record<string, string> = {}): Promise<PageHandle> => {
    let registered = false
    g.Page = (def: Record<string, any>) => {
      if (pushing) replays.set(pushing, () => g.Page(def))
      registered = true
      const methods: Record<string, any> = {}
      for (const [k, v] of Object.entries(def)) if (typeof v === 'function') methods[k] = v
      component({
        data: def.data ?? {},
        methods,
        lifetimes: {
          attached(this: any) {
            this.route = route
            this.__route__ = route
            stack.push(this)
            def.onLoad?.call(this, { ...query })
            def.onShow?.call(this)
            def.onReady?.call(this)
          },
          detached(this: any) {
            def.onHide?.call(this)
            def.onUnload?.call(this)
            stack.splice(stack.indexOf(this), 1)
          }
        }
      })
    }
    let id = ''
    // jest keeps a required file cached whatever the simulator does to require.cache: a fresh module registry
    // makes the page's and comp's scripts run (and push their chunks) again
    jest.isolateModules(() => {
      id = simulate.load(path.join(DIST, route), { rootPath: DIST })
    })
    if (!registered) throw new Error(`${route}: the compiled page never called Page()`)
    const page = simulate.render(id) as RenderedPage
    page.attach(document.createElement('parent-wrapper'))

    const text = () => page.dom.textContent ?? ''
    const show = () => `page ${route} shows: ${text().replace(/\s+/g, ' ').slice(0, 1500)}\nrequests: ${made.log.requests.map((r) => `${r.method} ${r.url.replace(apiBase, '')} → ${r.status}`).slice(-8).join('; ')}`
    // exparser selectors stop at a component's shadow tree, and Taro renders deep trees through its recursive
    // `comp` component: walk the page's tree and every shadow tree under it for the id
    const search = (id: string): Element | undefined => {
      const walk = (n: ExparserNode): ExparserNode | undefined => {
        if (n.id === id) return n
        for (const c of n.childNodes ?? []) {
          const hit = walk(c)
          if (hit) return hit
        }
        return n.shadowRoot ? walk(n.shadowRoot) : undefined
      }
      const node = walk(page._exparserNode.shadowRoot)
      return node && { node, dom: node.$$ }
    }
    const find = (selector: string) => {
      if (!/^#[\w-]+$/.test(selector)) throw new Error(`find() takes an #id, not ${selector}`)
      return waitFor(() => search(selector.slice(1)), () => `no ${selector} on the page; ${show()}`)
    }
    // what WeChat does on a tap or an input: an exparser event on the element, bubbling through the shadow trees
    const fire = async (selector: string, name: string, detail: unknown) => {
      const { node } = await find(selector)
      exparser.Event.dispatchEvent(node, exparser.Event.create(name, detail, { bubbles: true, capturePhase: true, composed: true, extraFields: { touches: {}, changedTouches: {} } }))
    }
    return {
      route,
      text,
      waitForText: (...needles) =>
        waitFor(
          () => {
            const t = text()
            return needles.every((n) => (typeof n === 'string' ? t.includes(n) : n.test(t))) ? t : undefined
          },
          () => {
            const t = text()
            const missing = needles.filter((n) => (typeof n === 'string' ? !t.includes(n) : !n.test(t)))
            return `missing ${missing.map(String).join(', ')}; ${show()}`
          }
        ),
      find,
      tap: (selector) => fire(selector, 'tap', { x: 1, y: 1 }),
      input: (selector, value) => fire(selector, 'input', { value, cursor: value.length }),
      data: () => (page as unknown as { data: unknown }).data,
      close: () => page.detach()
    }
  }

  loaded = { ...made, open, waitFor }
  return loaded
}

/** A fixture screenshot's path (tests/fixtures: 1080×2339 synthetic PNGs). */
export function fixture(name: 'popup.png' | 'negative-1.png' | 'negative-2.png'): string {
  return path.join(FIXTURES, name)
}
