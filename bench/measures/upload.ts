// Screenshot uploads, POST /uploads: the phone's JPEG (the main case) and the raw PNG (an app that could not
// compress). Every upload is decoded and re-encoded by the server, so this is its image cost per core.
import { baseline, load } from '../lib/load'
import { multipart, setupReq } from '../lib/http'
import { API, CONN, DUR, QUICK } from '../lib/options'
import type { Server } from '../lib/procs'
import { addRow, f0, f1, f2, log, pct, results } from '../lib/results'
import { machineCores, withUsage } from '../lib/usage'
import { phoneJpeg } from './phone-jpeg'

async function uploadOne(servers: Server[], base: string, kind: 'jpeg' | 'png', file: Buffer, label: string, target: number): Promise<void> {
  const tok = (await setupReq(base, 'POST', `${API}/session/device`)).body.token as string
  const m = kind === 'jpeg' ? multipart(file, 'shot.jpg', 'image/jpeg') : multipart(file, 'shot.png', 'image/png')
  const check = await setupReq(base, 'POST', `${API}/uploads`, { token: tok, raw: m.body, headers: { 'content-type': m.contentType } })
  if (check.status !== 201) throw new Error(`upload probe (${kind}): ${check.status} ${JSON.stringify(check.body).slice(0, 200)}`)
  const b = await baseline(CONN.upload, 'POST', '{}')
  const u = await withUsage(servers, () =>
    load({ url: base + `${API}/uploads`, connections: CONN.upload, duration: QUICK ? DUR : DUR * 2, method: 'POST', body: m.body, headers: { authorization: `Bearer ${tok}`, 'content-type': m.contentType } })
  )
  const r = u.value
  const cores = machineCores()
  const perCoreUsed = r.rps / Math.max(u.coresUsed, 0.01)
  const perMachineCore = r.rps / cores
  results[`upload:${kind}:sqlite`] = { ours: r, baseline: b, bytes: file.length, coresUsed: u.coresUsed, cpuSeconds: u.cpuSeconds, perCoreUsed, perMachineCore, machineCores: cores, peakRssMb: u.peakRssMb }
  addRow({
    section: 'upload',
    measure: `upload ${label} (${CONN.upload} conn)`,
    store: 'sqlite',
    ours: `${f1(r.rps)} uploads/s; server used ${f2(u.coresUsed)} cores → ${f1(perCoreUsed)}/s per core (${f1(perMachineCore)}/s per machine core)`,
    baseline: `${f0(b.rps)} req/s`,
    ratio: pct(r.rps / b.rps),
    p99: `${f0(r.p99)} ms`,
    peakRssMb: f0(u.peakRssMb),
    target: `≥ ${target} uploads/s per core`,
    met: perCoreUsed >= target && r.non2xx === 0 && r.errors === 0
  })
  log(`  upload ${kind}: ${f1(r.rps)}/s, ${f2(u.coresUsed)} cores used (${f1(perCoreUsed)}/s per core, ${f1(perMachineCore)} per machine core of ${cores}), p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}`)
}

export async function measureUploads(servers: Server[], base: string): Promise<void> {
  const img = await phoneJpeg()
  const kb = (n: number): string => `${f0(n / 1024)} KB`
  await uploadOne(servers, base, 'jpeg', img.jpeg, `phone JPEG ${img.jpegWidth}×${img.jpegHeight} ${kb(img.jpeg.length)} (q ${Math.round(img.quality * 100)})`, 50)
  await uploadOne(servers, base, 'png', img.png, `raw PNG ${img.width}×${img.height} ${kb(img.png.length)}`, 20)
}
