/**
 * @jest-environment jsdom
 */
// Screen readers on WeChat read aria-* from the rendered view/text/button/image (base library ≥ 2.7.1). Taro
// renders through generic templates and short attribute keys, so an `aria-label` in our components reaches
// WeChat only if the build's templates (config/plugins/weapp-aria.js) and the runtime (src/a11y/weappAria.ts)
// agree. This renders the compiled home page and follows each aria value from Taro's setData tree into the
// attribute base.wxml writes for it.
import fs from 'node:fs'
import path from 'node:path'
import { DIST, loadWeapp, startLiveApi, type LiveApi } from './support/weapp'

jest.setTimeout(90_000)

interface TaroNode {
  nn?: string
  cl?: string
  uid?: string
  cn?: TaroNode[]
  [key: string]: unknown
}

const baseWxml = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8')

/** The value base.wxml writes into `attribute` for a node of Taro component number `nn`. */
function renderedAttribute(node: TaroNode, attribute: string): unknown {
  const start = baseWxml.indexOf(`<template name="tmpl_0_${node.nn}">`)
  if (start < 0) throw new Error(`no template for component ${node.nn}`)
  const body = baseWxml.slice(start, baseWxml.indexOf('</template>', start))
  const key = new RegExp(`${attribute}="\\{\\{i\\.(\\w+)`).exec(body)?.[1]
  if (!key) throw new Error(`the template of component ${node.nn} renders no ${attribute}`)
  return node[key]
}

function findNode(tree: unknown, match: (n: TaroNode) => boolean): TaroNode {
  const stack: unknown[] = [tree]
  while (stack.length) {
    const n = stack.pop()
    if (!n || typeof n !== 'object') continue
    if (match(n as TaroNode)) return n as TaroNode
    stack.push(...Object.values(n as object))
  }
  throw new Error('node not found in the page data')
}

let live: LiveApi
beforeAll(async () => {
  live = await startLiveApi()
})
afterAll(async () => {
  await live?.stop()
})

test('aria-role, aria-checked and aria-hidden set in the components reach the attributes WeChat renders', async () => {
  const app = loadWeapp(live.base)
  const page = await app.open('pages/index/index')
  try {
    await page.waitForText('自查 1', '购药弹窗')
    await page.tap('#check-medicine')
    await page.waitForText('自查 2')
    const data = page.data()
    // the self-check cards are radios to a screen reader, and the chosen one says so
    const card = findNode(data, (n) => n.uid === 'check-medicine')
    expect(renderedAttribute(card, 'aria-role')).toBe('radio')
    expect(String(renderedAttribute(card, 'aria-checked'))).toBe('true')
    const other = findNode(data, (n) => n.uid === 'check-travel')
    expect(String(renderedAttribute(other, 'aria-checked'))).toBe('false')
    // the ○/◉ mark is decoration: hidden from the screen reader
    const mark = findNode(data, (n) => typeof n.cl === 'string' && n.cl.includes('check-card__mark'))
    expect(renderedAttribute(mark, 'aria-hidden')).toBe('true')
  } finally {
    page.close()
  }
})

test('the templates carry the aria attributes for view, text, button and image', () => {
  for (const tag of ['view', 'text', 'button', 'image']) {
    const open = new RegExp(`<${tag} [^>]*>`).exec(baseWxml)?.[0] ?? ''
    for (const attribute of ['aria-role', 'aria-label', 'aria-hidden', 'aria-checked']) expect(`${tag}: ${open}`).toContain(`${attribute}="{{i.`)
  }
})
