/**
 * @jest-environment node
 */
// WeChat's own compilers on the whole weapp build — what DevTools runs before a preview or an upload:
// wcc on every .wxml (with the .wxs modules), wcsc on every .wxss in one call (so @imports resolve).
// And a guard on the sources: no selector WeChat refuses, with a message that says what to write instead.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as sass from 'sass'
import { unsupportedSelectors } from './support/wxss-rules'

// the plain compiler wrappers: wcc throws on a template error; wcsc returns (does not throw) an Error
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wcc: (root: string, files: string[], wxs: string[]) => string = require('miniprogram-compiler/src/wcc')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wcsc: (root: string, files: string[]) => Record<string, string> | Error = require('miniprogram-compiler/src/wcsc')

const ROOT = path.resolve(__dirname, '../..')
const DIST = path.join(ROOT, 'dist/weapp')

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(ext)) out.push(path.relative(dir, p).split(path.sep).join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'app.json'))) throw new Error('dist/weapp is missing: build it first (npm test does)')
})

test('wcc compiles every .wxml of dist/weapp', () => {
  const wxml = filesUnder(DIST, '.wxml')
  const pages = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
  const expected = [...pages.pages, ...pages.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))].map((p) => `${p}.wxml`)
  expect(wxml).toEqual(expect.arrayContaining([...expected, 'base.wxml', 'comp.wxml']))
  const out = wcc(DIST, wxml.map((f) => f.slice(0, -'.wxml'.length)), filesUnder(DIST, '.wxs'))
  for (const f of wxml) expect(out).toContain(`'${f}'`)
})

test('wcsc compiles every .wxss of dist/weapp', () => {
  const wxss = filesUnder(DIST, '.wxss')
  const out = wcsc(DIST, wxss.map((f) => f.slice(0, -'.wxss'.length)))
  if (out instanceof Error) throw out
  // each page's stylesheet comes out as its own function; imported ones (app-origin, common, sub-vendors) inline
  const pages = wxss.filter((f) => f.startsWith('pages/') || f.startsWith('reviewer/pages/') || f.startsWith('packageAppeal/pages/'))
  expect(pages.length).toBe(13)
  for (const f of [...pages, 'app.wxss']) expect(Object.keys(out)).toContain(f)
})

test('the compilers fail where DevTools would: a universal selector and a broken template are reported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-compile-'))
  try {
    fs.writeFileSync(path.join(dir, 'ok.wxss'), '.negative__time{display:flex}.negative__time-item{flex:1}')
    fs.writeFileSync(path.join(dir, 'bad.wxss'), '.negative__time{display:flex}.negative__time > *{flex:1}')
    expect(wcsc(dir, ['ok'])).not.toBeInstanceOf(Error)
    const err = wcsc(dir, ['ok', 'bad'])
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain('bad.wxss(1:48): error at token `*`')
    fs.writeFileSync(path.join(dir, 'bad.wxml'), '<view class="x">{{a}</view>\n<view')
    expect(() => wcc(dir, ['bad'], [])).toThrow(/bad\.wxml/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

describe('selectors WeChat refuses', () => {
  test('the check finds each kind', () => {
    const css = `.a > *{flex:1} .b *{x:1} .c[data-x]{x:1} .d:not(.e, .f){x:1} .g:is(.h){x:1} .i:has(.j){x:1}
      .k\\:l{x:1} @layer base{.m{x:1}} @container (min-width:1px){.n{x:1}}
      .ok > .child, .ok:not(.x):first-child::after{content:"*"} @keyframes k{from{opacity:0}50%{opacity:.5}} /* a * b */`
    expect(unsupportedSelectors(css).map((p) => p.selector)).toEqual([
      '.a > *',
      '.b *',
      '.c[data-x]',
      '.d:not(.e, .f)',
      '.g:is(.h)',
      '.i:has(.j)',
      '.k\\:l',
      '@layer base',
      '@container (min-width:1px)'
    ])
  })

  test('none in src/**/*.scss (each compiled by Sass, as the build does)', () => {
    const found: string[] = []
    for (const file of filesUnder(path.join(ROOT, 'src'), '.scss')) {
      const css = sass.compile(path.join(ROOT, 'src', file), { style: 'expanded' }).css
      for (const p of unsupportedSelectors(css)) found.push(`src/${file}: \`${p.selector}\` — ${p.why}`)
    }
    expect(found).toEqual([])
  })

  test('none in the compiled dist/weapp/**/*.wxss (Taro and its plugins add styles too)', () => {
    const found: string[] = []
    for (const file of filesUnder(DIST, '.wxss')) {
      for (const p of unsupportedSelectors(fs.readFileSync(path.join(DIST, file), 'utf8'))) found.push(`dist/weapp/${file}: \`${p.selector}\` — ${p.why}`)
    }
    expect(found).toEqual([])
  })
})
