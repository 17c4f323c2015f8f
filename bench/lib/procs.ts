// Child processes of the bench (API servers, the hello world, the proxy): started in their own process group
// so a stop reaches tsx's inner node process too, logged to the run's temp directory, all killed on exit.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { BENCH_DATA_KEY } from '../seed'
import { ROOT, TSX } from './options'

export interface Server {
  child: ChildProcess
  port: number
  base: string
}

const children = new Set<ChildProcess>()
export const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'appeal-bench-'))
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export function startProc(script: string, env: Record<string, string>, logName: string): ChildProcess {
  const out = fs.openSync(path.join(tmpRoot, logName), 'a')
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of every process started, written when it exits (where the time goes)
  const prof = process.env.BENCH_CPU_PROF
  const child = spawn(prof ? process.execPath : TSX, prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, '--import', 'tsx', script] : [script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      ...env
    },
    stdio: ['ignore', out, out],
    detached: true // own process group: stopped as a group (tsx runs the script in a child process)
  })
  fs.closeSync(out)
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

export async function stopProc(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return
  const done = new Promise<void>((r) => child.once('exit', () => r()))
  signalGroup(child, 'SIGTERM')
  const t = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000)
  await done
  clearTimeout(t)
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    /* gone */
  }
}

export function killAll(): void {
  for (const c of children) signalGroup(c, 'SIGKILL')
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

export async function waitHttp(url: string, child: ChildProcess, logName: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (child.exitCode !== null) break
    try {
      const r = await fetch(url)
      if (r.status < 500) return
    } catch {
      /* not yet */
    }
    await sleep(200)
  }
  const file = path.join(tmpRoot, logName)
  const tail = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-2000) : ''
  throw new Error(`${url} did not come up (exit ${child.exitCode}):\n${tail}`)
}

// The bench is one load generator on one address with a handful of citizens: the anti-abuse rate limits
// (server/security/rate-limits.ts) would answer it 429 by design, so they are off here — the bench measures
// the cost of the work, and a real wave comes from many addresses and citizens.
const NO_RATE_LIMITS = Object.fromEntries(
  ['UPLOADS', 'APPEALS', 'URGES']
    .flatMap((w) => [[`RATE_LIMIT_${w}_PER_ADDRESS`, '0'], [`RATE_LIMIT_${w}_PER_CITIZEN`, '0']])
    .concat([['RATE_LIMIT_VERIFY_PER_ADDRESS', '0'], ['RATE_LIMIT_SESSIONS_PER_ADDRESS', '0']])
)

/** The production entry point (server/main.ts) with the bench's keys, on a free port. */
export async function startApi(env: Record<string, string>, name: string): Promise<Server> {
  const port = await freePort()
  const child = startProc(
    'server/main.ts',
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      H5_DIR: path.join(tmpRoot, 'no-h5'),
      RECEIPT_KEY: 'bench-receipt-key-0123456789abcdef0123456789',
      DATA_KEY: BENCH_DATA_KEY,
      ...NO_RATE_LIMITS,
      // the other measures stay comparable with runs before issue 13; reading has its own (measures/reading.ts)
      READING_WORKERS: '0',
      ...env
    },
    `${name}.log`
  )
  await waitHttp(`http://127.0.0.1:${port}/healthz`, child, `${name}.log`)
  return { child, port, base: `http://127.0.0.1:${port}` }
}

/** The yardstick every figure is compared with: a Fastify hello world (bench/baseline-server.ts). */
export async function startBaseline(): Promise<Server> {
  const port = await freePort()
  const child = startProc('bench/baseline-server.ts', { PORT: String(port) }, 'baseline.log')
  const base = `http://127.0.0.1:${port}`
  await waitHttp(base + '/', child, 'baseline.log')
  return { child, port, base }
}
