// Screenshot reading (issue 13): the OCR reader pool on its own (readings per second per core, memory per
// reader), then the production server with READING_WORKERS = cores under a burst of uploads: how long from
// upload to a finished reading (p50/p95), and what the readings do to the citizen's status poll (p99 while
// reading ÷ p99 idle, the same server and load a moment before).
//
// Pictures: the labelled set (tests/fixtures/readings) when present, else tests/fixtures/*.png, in a fixed
// order, so runs compare.
import fs from 'node:fs'
import path from 'node:path'
import { createReaderPool } from '../../server/reading/pool'
import { agent, hoursAgo, multipart, req, setupReq, tinyPng, VALID_ID } from '../lib/http'
import { load, quantile, type Load } from '../lib/load'
import { API, DUR, QUICK, ROOT, SAMPLES } from '../lib/options'
import { sleep, startApi, stopProc, tmpRoot, type Server } from '../lib/procs'
import { addRow, f0, f1, f2, log, results } from '../lib/results'
import { machineCores } from '../lib/usage'

const LABELLED = path.join(ROOT, 'tests/fixtures/readings')
/** reads per reader in the pool measure (the memory figure is "after this many") */
// the smoke (.ci/run) only proves these run: one reader, one read; two uploads on a server with one reader
const READS_PER_WORKER = QUICK ? 1 : 20
/** the burst: uploads per second, for this many seconds */
const BURST = QUICK ? { perSecond: 2, seconds: 1 } : { perSecond: 20, seconds: 10 }
/** a reading not finished by then is counted unfinished (the queue is drained one reading at a time per core) */
const BURST_DRAIN_MS = QUICK ? 60_000 : 15 * 60_000
const POLL_CONN = 10
const READ_POLL_MS = 200
const MB = 2 ** 20

function pictures(): { name: string; bytes: Buffer }[] {
  const dir = fs.existsSync(LABELLED) ? LABELLED : SAMPLES
  const names = fs
    .readdirSync(dir)
    .filter((f) => /\.(png|jpe?g)$/i.test(f))
    .sort()
  if (names.length === 0) throw new Error(`no screenshots in ${dir}`)
  return names.map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }))
}

function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100 // utime + stime, USER_HZ ticks
  } catch {
    return 0
  }
}

/** The pool alone: `cores` readers (1 in the smoke), READS_PER_WORKER pictures each, all queued at once. */
export async function measureReadingPool(): Promise<void> {
  const workers = QUICK ? 1 : machineCores()
  const pics = pictures()
  const pool = createReaderPool({ workers, timeoutMs: 120_000, maxWidth: 1080 })
  try {
    const t0 = performance.now()
    await pool.warm()
    const warmMs = performance.now() - t0
    const rssWarm = pool.stats().rssBytes
    const pids = pool.pids()
    const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0)
    const n = workers * READS_PER_WORKER
    const times: number[] = []
    const t1 = performance.now()
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const s = performance.now()
        await pool.read(pics[i % pics.length].bytes)
        times.push(performance.now() - s)
      })
    )
    const wall = (performance.now() - t1) / 1000
    const cpu = pool.pids().reduce((s, p) => s + cpuSeconds(p), 0) - cpu0
    const rssAfter = pool.stats().rssBytes
    const rps = n / wall
    const perCoreUsed = n / Math.max(cpu, 0.01)
    const perMachineCore = rps / machineCores()
    const meanMb = (a: number[]): number => a.reduce((s, x) => s + x, 0) / Math.max(a.length, 1) / MB
    results['reading:pool'] = { workers, reads: n, pictures: pics.length, warmMs, wallSeconds: wall, cpuSeconds: cpu, rps, perCoreUsed, perMachineCore, secondsPerReadCpu: cpu / n, rssWarmMb: rssWarm.map((b) => b / MB), rssAfterMb: rssAfter.map((b) => b / MB) }
    addRow({
      section: 'reading',
      measure: `readings, pool of ${workers} (${n} reads of ${pics.length} pictures, maxWidth 1080)`,
      ours: `${f2(rps)} readings/s; ${f2(perCoreUsed)}/s per core used (${f1(cpu / n)} CPU s each); ${f2(perMachineCore)}/s per machine core`,
      p99: `${f0(quantile(times, 0.99))} ms (queued at once)`,
      peakRssMb: `${f0(meanMb(rssAfter))} per reader`,
      target: 'measured (issue 13)'
    })
    addRow({ section: 'reading', measure: `memory per reader (RSS after warm → after ${READS_PER_WORKER} reads)`, ours: `${f0(meanMb(rssWarm))} MB → ${f0(meanMb(rssAfter))} MB; load + warm ${f1(warmMs / 1000)} s`, target: 'measured (issue 13)' })
    log(`  reading pool: ${workers} readers, ${n} reads in ${f1(wall)} s = ${f2(rps)}/s, ${f1(cpu)} CPU s (${f2(perCoreUsed)}/s per core used), RSS warm ${f0(meanMb(rssWarm))} MB → ${f0(meanMb(rssAfter))} MB, warm ${f0(warmMs)} ms`)
  } finally {
    await pool.close()
  }
}

interface Citizen {
  token: string
}

/** id null: shed (503, the image pipeline is full — the app asks the citizen to upload again) */
async function upload(base: string, c: Citizen, bytes: Buffer, name: string): Promise<{ id: string | null; ms: number }> {
  const m = multipart(bytes, name, name.endsWith('.png') ? 'image/png' : 'image/jpeg')
  const r = await req(base, 'POST', `${API}/uploads`, { token: c.token, raw: m.body, headers: { 'content-type': m.contentType } })
  if (r.status === 503) return { id: null, ms: r.ms }
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)
  return { id: r.body.id as string, ms: r.ms }
}

/** Resolves with the time the reading left 'pending' (or null at the deadline), polling as the app does. */
async function readingDone(base: string, c: Citizen, id: string, until: number): Promise<{ at: number; status: string } | null> {
  while (Date.now() < until) {
    const r = await req(base, 'GET', `${API}/uploads/${id}`, { token: c.token })
    if (r.status !== 200) throw new Error(`GET /uploads/:id: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)
    const status = r.body?.reading?.status as string
    if (status !== 'pending') return { at: performance.now(), status }
    await sleep(READ_POLL_MS)
  }
  return null
}

/** One appeal to poll, filed with two small uploads (read too, which starts and warms the readers). */
async function pollTarget(base: string, c: Citizen): Promise<string> {
  const ids: string[] = []
  for (const k of [0, 1]) {
    const u = await upload(base, c, await tinyPng(9000 + k), 'shot.png')
    if (!u.id) throw new Error('upload for the poll shed (503) on an idle server')
    ids.push(u.id)
  }
  const body = { category: 'medicine', popupShot: ids[0], negativeTests: [{ shot: ids[1], sampledAt: hoursAgo(3) }], district: '朝阳区', applicant: { name: '张三', idNumber: VALID_ID, phone: '13800138000' }, statement: '只买过哮喘药，核酸阴性后仍弹窗' }
  const r = await setupReq(base, 'POST', `${API}/appeals`, { token: c.token, body })
  if (r.status !== 201) throw new Error(`appeal for the poll: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)
  for (const id of ids) if (!(await readingDone(base, c, id, Date.now() + 120_000))) throw new Error('the first readings did not finish in 120 s')
  return r.body.id as string
}

function statusPoll(base: string, c: Citizen, appealId: string, seconds: number): Promise<Load> {
  return load({ url: base + `${API}/appeals/${appealId}`, connections: POLL_CONN, duration: seconds, headers: { authorization: `Bearer ${c.token}` } })
}

/** The production server, READING_WORKERS = cores: an open-loop burst of uploads, each polled to its reading. */
export async function measureReadingBurst(): Promise<void> {
  const readers = QUICK ? 1 : machineCores()
  let server: Server | null = null
  try {
    server = await startApi({ DATA_DIR: path.join(tmpRoot, 'reading'), READING_WORKERS: String(readers), READING_TIMEOUT_MS: '120000' }, 'reading')
    const base = server.base
    const citizens: Citizen[] = []
    for (let i = 0; i < 10; i++) citizens.push({ token: (await setupReq(base, 'POST', `${API}/session/device`)).body.token })
    const appealId = await pollTarget(base, citizens[0])
    const idle = await statusPoll(base, citizens[0], appealId, DUR)

    const pics = pictures()
    const n = BURST.perSecond * BURST.seconds
    const gap = 1000 / BURST.perSecond
    const start = performance.now()
    const until = Date.now() + BURST_DRAIN_MS
    // polled once the uploads have arrived, while their readings run: the burst's own image encoding (a cost of
    // uploads, measured in measures/upload.ts) stays out of this figure
    const busyPoll = sleep(BURST.seconds * 1000 + 500).then(() => statusPoll(base, citizens[0], appealId, DUR))
    const outcomes = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const scheduled = start + i * gap
        await sleep(Math.max(0, scheduled - performance.now()))
        const c = citizens[i % citizens.length]
        const pic = pics[i % pics.length]
        const u = await upload(base, c, pic.bytes, pic.name)
        if (!u.id) return { postMs: u.ms, readMs: null, fromStart: 0, status: 'shed (503)' }
        const done = await readingDone(base, c, u.id, until)
        return { postMs: u.ms, readMs: done ? done.at - scheduled : null, fromStart: done ? done.at - start : 0, status: done?.status ?? 'unfinished' }
      })
    )
    const busy = await busyPoll
    const lat = outcomes.flatMap((o) => (o.readMs === null ? [] : [o.readMs]))
    const byStatus: Record<string, number> = {}
    for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1
    const posts = outcomes.map((o) => o.postMs)
    const drainS = Math.max(...outcomes.map((o) => o.fromStart)) / 1000
    const pollRatio = busy.p99 / Math.max(idle.p99, 1)
    results['reading:burst'] = { readers, uploads: n, perSecond: BURST.perSecond, statuses: byStatus, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), max: Math.max(...lat), postP50: quantile(posts, 0.5), postP99: quantile(posts, 0.99), pollIdle: idle, pollBusy: busy, pollP99Ratio: pollRatio }
    addRow({
      section: 'reading',
      measure: `upload → reading done, burst of ${BURST.perSecond}/s for ${BURST.seconds} s (${n} uploads, READING_WORKERS=${readers})`,
      store: 'sqlite',
      ours: `p50 ${f1(quantile(lat, 0.5) / 1000)} s, p95 ${f1(quantile(lat, 0.95) / 1000)} s, last ${f1(drainS)} s; ${JSON.stringify(byStatus)}; POST /uploads p99 ${f0(quantile(posts, 0.99))} ms`,
      p99: `${f1(quantile(lat, 0.99) / 1000)} s`,
      target: 'measured (issue 13); none failed or shed',
      met: (byStatus.done ?? 0) === n
    })
    addRow({
      section: 'reading',
      measure: `status poll p99 while the burst's readings run vs idle (${POLL_CONN} conn, same server)`,
      store: 'sqlite',
      ours: `${f0(busy.p99)} ms while reading (${f0(busy.rps)} req/s)`,
      baseline: `${f0(idle.p99)} ms idle (${f0(idle.rps)} req/s)`,
      ratio: `${f2(pollRatio)}×`,
      p99: `${f0(busy.p99)} ms`,
      target: 'p99 while reading < 2× idle',
      met: pollRatio < 2 && busy.non2xx === 0 && busy.errors === 0
    })
    log(`  reading burst: ${n} uploads at ${BURST.perSecond}/s → p50 ${f0(quantile(lat, 0.5))} ms, p95 ${f0(quantile(lat, 0.95))} ms, ${JSON.stringify(byStatus)}; POST p99 ${f0(quantile(posts, 0.99))} ms; poll p99 idle ${idle.p99} ms, reading ${busy.p99} ms (${f2(pollRatio)}×)`)
  } finally {
    agent.destroy() // idle keep-alive sockets would hold the server's graceful shutdown open
    if (server) await stopProc((server as Server).child)
  }
}
