// Size budgets, checked in CI after `taro build --type weapp` and `--type h5`:
//   weapp main package ≤ 400 KB (everything outside subpackage roots),
//   and, reported: each subpackage's size and the H5 initial JS (gzip).
// Usage: node scripts/check-budgets.mjs [--json]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const weapp = join(root, 'dist/weapp')
const h5 = join(root, 'dist/h5')
const MAIN_BUDGET = 400 * 1024

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* files(p)
    else yield p
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const failures = []
const report = {}

if (!existsSync(join(weapp, 'app.json'))) {
  failures.push('dist/weapp missing: run `npx taro build --type weapp` first')
} else {
  const app = JSON.parse(readFileSync(join(weapp, 'app.json'), 'utf8'))
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const sizes = { main: 0 }
  const mainFiles = []
  for (const f of files(weapp)) {
    const rel = relative(weapp, f)
    // what WeChat packs: not source maps, licence notes (.txt) or the DevTools project files
    if (/\.(map|txt)$/.test(rel) || rel === '.build-stamp' || rel === 'project.config.json' || rel === 'project.private.config.json') continue
    const size = statSync(f).size
    const sub = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`))
    if (sub) sizes[sub] = (sizes[sub] ?? 0) + size
    else {
      sizes.main += size
      mainFiles.push([rel, size])
    }
  }
  report.weapp = sizes
  report.weappMainLargest = mainFiles.sort((a, b) => b[1] - a[1]).slice(0, 8)
  console.log(`weapp main package: ${kb(sizes.main)} (budget ${kb(MAIN_BUDGET)})`)
  for (const r of subRoots) console.log(`weapp subpackage ${r}: ${kb(sizes[r] ?? 0)}`)
  console.log('  largest main-package files: ' + report.weappMainLargest.map(([f, s]) => `${f} ${kb(s)}`).join(', '))
  if (sizes.main > MAIN_BUDGET) failures.push(`weapp main package ${kb(sizes.main)} exceeds ${kb(MAIN_BUDGET)}`)
}

if (!existsSync(join(h5, 'index.html'))) {
  failures.push('dist/h5 missing: run `npx taro build --type h5` first')
} else {
  // the scripts index.html loads up front (pages are lazy chunks)
  const html = readFileSync(join(h5, 'index.html'), 'utf8')
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1].replace(/^\//, ''))
  let raw = 0
  let gz = 0
  for (const s of srcs) {
    const p = join(h5, s)
    if (!existsSync(p)) continue
    const buf = readFileSync(p)
    raw += buf.length
    gz += gzipSync(buf, { level: 9 }).length
  }
  report.h5 = { initialScripts: srcs, raw, gzip: gz }
  console.log(`h5 initial JS: ${kb(raw)} raw, ${kb(gz)} gzip (${srcs.length} files)`)
}

if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2))
if (failures.length) {
  for (const f of failures) console.error(`budget: ${f}`)
  process.exit(1)
}
console.log('budgets: ok')
