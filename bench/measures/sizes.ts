// Package sizes (the weapp main package against WeChat's limit, the h5 initial JS) and the phone-side
// compression that makes the JPEG upload the main case.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { BUILD, FULL, QUICK, ROOT } from '../lib/options'
import { addRow, f0, f1, log, pct, results } from '../lib/results'
import { phoneJpeg } from './phone-jpeg'

function gzDir(dir: string, skipRoots: string[]): number {
  let total = 0
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n)
      const rel = path.relative(dir, p)
      if (skipRoots.some((r) => rel === r || rel.startsWith(r + '/')) || /\.(map|txt)$/.test(n) || n.startsWith('project.')) continue
      if (fs.statSync(p).isDirectory()) walk(p)
      else total += gzipSync(fs.readFileSync(p)).length
    }
  }
  walk(dir)
  return total
}

/** Fresh builds through scripts/taro-build.mjs (its lock serialises builds in a shared checkout). */
async function ensureBuilds(): Promise<void> {
  const script = path.join(ROOT, 'scripts/taro-build.mjs')
  const mod = (await import(script)) as { ensureBuild: (target: string, opts?: { log?: (s: string) => void }) => unknown }
  for (const target of ['weapp', 'h5']) await mod.ensureBuild(target, { log })
}

export async function measureSizes(): Promise<void> {
  const built = fs.existsSync(path.join(ROOT, 'dist/weapp/app.json')) && fs.existsSync(path.join(ROOT, 'dist/h5/index.html'))
  if (QUICK && !BUILD && !built) {
    // the smoke proves the bench runs; a build would cost it minutes (CI has built both targets by then)
    addRow({ section: 'size', measure: 'package sizes', ours: 'n/a (no build in dist/; run without --quick or with --build)', target: 'reported' })
    log('  sizes: skipped, dist/ has no weapp and h5 build')
    return
  }
  if (BUILD || FULL || !built) await ensureBuilds() // a partial run measures the build that is there
  let out = ''
  try {
    out = execFileSync('node', ['scripts/check-budgets.mjs', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '') // over budget exits 1: still a figure, not a crash
  }
  const json = JSON.parse(out.slice(out.indexOf('\n{') + 1, out.lastIndexOf('}') + 1)) as { weapp: Record<string, number>; h5: { raw: number; gzip: number } }
  const kb = (n: number): string => `${f1(n / 1024)} KB`
  const main = json.weapp.main
  const sub = json.weapp.reviewer ?? NaN
  // gzip of the weapp main package too (WeChat counts raw bytes against its limit; gzip is what travels)
  results.sizes = { ...json, weappMainGzip: gzDir(path.join(ROOT, 'dist/weapp'), ['reviewer', 'packageAppeal']) }
  addRow({ section: 'size', measure: 'weapp main package (raw bytes, as WeChat counts)', ours: kb(main), target: '≤ 400 KB', met: main <= 400 * 1024 })
  addRow({ section: 'size', measure: 'weapp reviewer subpackage', ours: kb(sub), target: 'reported' })
  addRow({ section: 'size', measure: 'h5 initial JS (gzip)', ours: `${kb(json.h5.gzip)} (raw ${kb(json.h5.raw)})`, target: 'reported' })
  log(`  sizes: weapp main ${kb(main)}, reviewer ${kb(sub)}, h5 initial gzip ${kb(json.h5.gzip)}`)
}

export async function measureCompression(): Promise<void> {
  const img = await phoneJpeg()
  const ratio = img.jpeg.length / img.png.length
  results.compression = { original: img.png.length, compressed: img.jpeg.length, ratio, width: img.width, height: img.height, jpegWidth: img.jpegWidth, maxWidth: img.maxWidth, quality: img.quality }
  addRow({ section: 'size', measure: `phone-side compression of ${img.width}×${img.height} PNG (h5 canvas path: ≤${img.maxWidth} px, JPEG ${img.quality})`, ours: `${f0(img.png.length / 1024)} KB → ${f0(img.jpeg.length / 1024)} KB`, ratio: pct(ratio), target: '≤ 30% of original', met: ratio <= 0.3 })
  log(`  compression: ${img.png.length} → ${img.jpeg.length} bytes (${pct(ratio)})`)
}
