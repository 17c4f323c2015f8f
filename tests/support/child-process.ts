// startTestApp's child-process mode: the production entry point (node --import tsx server/main.ts) on a free
// port. Node with the tsx loader rather than the tsx wrapper, so a signal reaches the server process itself.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { NO_LOAD_SHEDDING, READING_OFF } from './env'
import { freePort, tempStore, type StoreKind, type TempStore } from './store'

const ROOT = path.resolve(__dirname, '../..')
/** a server that has not started by then is killed: an orphan keeps jest from exiting */
const START_TIMEOUT_MS = 60_000

export interface ChildOptions {
  mode: 'child'
  /** without DATA_DIR in env: a fresh store of this kind, removed by stop() ('auto' = PostgreSQL in *-pg) */
  store?: StoreKind
  tmpPrefix?: string
  /** runs on the fresh DATA_DIR before the server starts (e.g. npm run reviewer:add) */
  prepare?: (dataDir: string) => void
  /** serve the built H5 app (dist/h5); default an empty folder, API only */
  h5?: boolean
  logLevel?: string
  loadShedding?: boolean
  /** the test's whole environment underneath (the browser stories); default PATH and HOME only */
  inheritEnv?: boolean
  /** ready when stdout says 'API listening' (default), when GET / answers 2xx, or at once */
  waitFor?: 'listening' | 'http' | 'none'
  /** settings, last word over every default above (PORT too) */
  env?: Record<string, string>
}

export interface ChildApp {
  proc: ChildProcess
  base: string
  dir: string
  stdout: () => string
  stderr: () => string
  /** stdout and stderr interleaved as they came */
  output: () => string
  /** resolves with the exit code */
  exited: Promise<number | null>
  /** signals the process if it still runs, waits for its exit, removes the store it was given by startTestApp */
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

export async function spawnApp(opts: ChildOptions): Promise<ChildApp> {
  const given = opts.env?.DATA_DIR
  const store: TempStore | null = given === undefined ? await tempStore({ kind: opts.store, prefix: opts.tmpPrefix }) : null
  const dir = given ?? store!.dir
  opts.prepare?.(dir)
  const port = opts.env?.PORT ?? String(await freePort())
  const base = opts.inheritEnv ? process.env : { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...base,
      ...store?.env,
      HOST: '127.0.0.1',
      H5_DIR: opts.h5 ? path.join(ROOT, 'dist/h5') : path.join(dir, 'no-h5'),
      ...(opts.logLevel ? { LOG_LEVEL: opts.logLevel } : {}),
      ...(opts.loadShedding ? {} : NO_LOAD_SHEDDING),
      ...READING_OFF,
      ...opts.env,
      PORT: port
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  let both = ''
  proc.stdout!.on('data', (d: Buffer) => ((out += d.toString()), (both += d.toString())))
  proc.stderr!.on('data', (d: Buffer) => ((err += d.toString()), (both += d.toString())))
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const child: ChildApp = {
    proc,
    base: `http://127.0.0.1:${port}`,
    dir,
    stdout: () => out,
    stderr: () => err,
    output: () => both,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal)
        await exited
      }
      await store?.drop()
    }
  }
  try {
    if (opts.waitFor === 'http') await untilHttp(child)
    else if (opts.waitFor !== 'none') await untilListening(child)
  } catch (e) {
    await store?.drop()
    throw e
  }
  return child
}

function untilListening(child: ChildApp): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.proc.kill('SIGKILL')
      reject(new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s: ${child.output()}`))
    }, START_TIMEOUT_MS)
    const check = (): void => {
      if (child.stdout().includes('API listening')) {
        clearTimeout(timer)
        child.proc.stdout!.off('data', check)
        resolve()
      }
    }
    child.proc.stdout!.on('data', check)
    check()
    void child.exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}) before listening: ${child.output()}`))
    })
  })
}

async function untilHttp(child: ChildApp): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`server exited early:\n${child.output()}`)
    try {
      const res = await fetch(`${child.base}/`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.proc.kill('SIGKILL')
      throw new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s:\n${child.output()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}
