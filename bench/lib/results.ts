// The run's figures: table rows (ours beside the hello world), the raw results, crashed steps, and where they
// are written. Only a full run touches tracked files (bench/results.*, the README table).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FULL, OUT_DIR, QUICK, ROOT } from './options'

export interface Row {
  section: string
  measure: string
  store: string
  tier: string
  ours: string
  baseline: string
  ratio: string
  p99: string
  peakRssMb: string
  target: string
  met: boolean | null
}

export const rows: Row[] = []
export const failures: string[] = []
export const results: Record<string, unknown> = {}

export const log = (s: string): void => void process.stdout.write(s + '\n')
export const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–')
export const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–')
export const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–')
export const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '–')

type RowIn = Omit<Row, 'met' | 'baseline' | 'ratio' | 'p99' | 'peakRssMb' | 'tier' | 'store'> & Partial<Row>
export function addRow(r: RowIn): void {
  rows.push({ store: '–', tier: '–', baseline: '–', ratio: '–', p99: '–', peakRssMb: '–', met: null, ...r })
}

/** A step that throws is a crash (exit 1 at the end); the run goes on with the next step. */
export async function step(name: string, fn: () => Promise<void>): Promise<void> {
  log(`▶ ${name}`)
  try {
    await fn()
  } catch (err) {
    const msg = `${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`
    failures.push(msg)
    log(`✗ ${msg}`)
  }
}

export interface Machine {
  cores: number
  cpu: string
  memory: string
  node: string
  os: string
  load: string
  date: string
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? '?'
  try {
    cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu
  } catch {
    /* not Linux: os.cpus() it is */
  }
  return {
    cores: os.cpus().length,
    cpu,
    memory: `${f1(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    date: new Date().toISOString()
  }
}

function table(): string {
  const head = ['measure', 'store', 'DB size', 'ours', 'baseline (hello world)', 'ours/baseline', 'p99', 'peak RSS MB', 'target', 'met']
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`]
  for (const r of rows) {
    const met = r.met === null ? '–' : r.met ? 'yes' : '**no**'
    lines.push(`| ${[r.measure, r.store, r.tier, r.ours, r.baseline, r.ratio, r.p99, r.peakRssMb, r.target, met].join(' | ')} |`)
  }
  return lines.join('\n')
}

const NOTES = [
  'Every figure is measured beside a Fastify hello world (bench/baseline-server.ts) loaded the same way just before, in the same run; ours/baseline is the ratio of the two. On PostgreSQL the two API processes are reached through bench/proxy.ts (a userspace TCP relay on the same cores), and the hello world is reached through one as well.',
  'Throughput is closed-loop (autocannon, fixed connections). Claim latency targets are open-loop: arrivals on a fixed schedule, latency counted from the scheduled send time, so a slow answer cannot hold back the next arrival (no coordinated omission).',
  '"Per core" for uploads = uploads/s ÷ cores the server used, where cores used = CPU seconds (user + system, every process and thread in the server\'s tree, from /proc) ÷ wall seconds of the phase; uploads/s ÷ machine cores is shown beside it.',
  'Flatness: each tier\'s ratio to baseline divided by the smallest tier\'s; flat when every tier is within ±30%.'
]

export function writeOutputs(m: Machine, extra: Record<string, unknown>, wallSeconds: number): void {
  const kind = QUICK ? 'quick' : FULL ? 'full' : 'partial'
  const out = { machine: m, kind, ...extra, wallSeconds, rows, results, failures }
  fs.mkdirSync(OUT_DIR, { recursive: true })
  fs.writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(out, null, 2) + '\n')
  const head = `Machine: ${m.cores} cores × ${m.cpu}, ${m.memory} RAM, ${m.os}, Node ${m.node}; load average at start ${m.load}; ${m.date}; ${kind} run, ${wallSeconds} s.`
  const md = `${head}\n\n${table()}\n\n${NOTES.map((n) => `- ${n}`).join('\n')}\n`
  fs.writeFileSync(path.join(OUT_DIR, 'results.md'), md)
  log(`results written to ${path.relative(ROOT, OUT_DIR)}/results.{json,md}`)
  if (FULL && failures.length === 0) {
    const readme = path.join(ROOT, 'README.md')
    const s = fs.readFileSync(readme, 'utf8')
    const a = '<!-- bench:start -->'
    const b = '<!-- bench:end -->'
    if (s.includes(a) && s.includes(b)) fs.writeFileSync(readme, s.slice(0, s.indexOf(a) + a.length) + '\n' + md + s.slice(s.indexOf(b)))
  }
  log('\n' + md)
}
