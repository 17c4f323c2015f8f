// The reader pool (issue 13): `workers` child processes (server/reading/reader-child.ts), each holding the OCR
// models once and reading one screenshot at a time; the rest wait in a queue here.
//
// Why child processes, not worker threads: onnxruntime is native code that holds its thread for seconds and
// its memory arena for the process's life; a hang can only be ended by a kill, and a native crash takes its
// whole process with it. In a child both cost the API nothing but that one reading.
//
// Lazy: no child starts until the first read() or warm(). A child that crashes (exits) or times out (then
// killed with SIGKILL) rejects its one job and is replaced at once, so the next job finds a warm reader. The
// timeout counts from the moment a child takes the job — waiting in the queue is not the reader's fault.
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { RecognisedLine } from '../../types/reading'
import { CHILD_ENV, type ToChild, type ToParent } from './protocol'

export type ReaderErrorKind = 'timeout' | 'crashed' | 'failed'

export class ReaderError extends Error {
  constructor(
    readonly kind: ReaderErrorKind,
    message: string
  ) {
    super(message)
    this.name = 'ReaderError'
  }
}

export interface ReaderPoolOptions {
  workers: number
  timeoutMs: number
  /** screenshots wider than this are scaled down before OCR (server/reading/engine.ts) */
  maxWidth?: number
  /** onnxruntime threads per child; 1 measured best when children ≈ cores (bench/measures/reading.ts) */
  threads?: number
  /** the readers' nice value (Linux), so they yield the CPU to the API; default 10, but 0 under NODE_ENV=test:
   *  there the machine is shared with parallel test workers at 0, and a niced reader starved by them would
   *  time out (seen here: 10% of a core, 60 s per reading) */
  nice?: number
  /** extra environment for the children (tests: the crash marker) */
  env?: Record<string, string>
}

export interface ReaderPoolStats {
  /** children alive now (≤ the configured workers) */
  workers: number
  busy: number
  queued: number
  /** resident memory of each live child, from /proc (Linux); 0 where unknown */
  rssBytes: number[]
}

export interface ReaderPool {
  /** opts.timeoutMs: this read's own limit instead of the pool's (tests; a caller that knows better) */
  read(image: Buffer, opts?: { timeoutMs?: number }): Promise<RecognisedLine[]>
  /** starts every child and resolves once all have loaded and warmed their models */
  warm(): Promise<void>
  /** kills every child; queued and running reads reject with 'failed' */
  close(): Promise<void>
  stats(): ReaderPoolStats
  /** process ids of the live children (tests check none outlives close()) */
  pids(): number[]
}

interface Job {
  id: number
  image: Buffer
  timeoutMs: number
  resolve: (lines: RecognisedLine[]) => void
  reject: (err: ReaderError) => void
  timer?: NodeJS.Timeout
}

interface Slot {
  child: ChildProcess | null
  ready: boolean
  job: Job | null
}

const DEFAULT_NICE = 10
const CHILD_FILE = path.join(__dirname, 'reader-child.ts')
// the tsx loader by absolute URL: a child started from any working directory still finds it
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href

export function createReaderPool(opts: ReaderPoolOptions): ReaderPool {
  const slots: Slot[] = Array.from({ length: Math.max(0, opts.workers) }, () => ({ child: null, ready: false, job: null }))
  const queue: Job[] = []
  const readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = []
  let nextId = 1
  let closed = false

  function spawnChild(slot: Slot): void {
    const child = fork(CHILD_FILE, [], {
      execArgv: ['--import', TSX_LOADER],
      serialization: 'advanced',
      // stdout is never read (the child prints nothing); stderr shows a failed start in the server's log
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        ...childBaseEnv(),
        ...(opts.maxWidth ? { [CHILD_ENV.maxWidth]: String(opts.maxWidth) } : {}),
        [CHILD_ENV.threads]: String(opts.threads ?? 1),
        [CHILD_ENV.nice]: String(opts.nice ?? (process.env.NODE_ENV === 'test' ? 0 : DEFAULT_NICE)),
        ...opts.env
      } as unknown as NodeJS.ProcessEnv // (global.d.ts declares the app's build-time TARO_ENV, which a reader does not use)
    })
    slot.child = child
    slot.ready = false
    child.on('message', (msg: ToParent) => onMessage(slot, child, msg))
    child.on('exit', () => onExit(slot, child))
    child.on('error', () => {
      /* a failed spawn also emits 'exit'; handled there */
    })
  }

  function onMessage(slot: Slot, child: ChildProcess, msg: ToParent): void {
    if (slot.child !== child) return
    if (msg.type === 'ready') {
      slot.ready = true
      settleWarm()
      pump()
      return
    }
    const job = slot.job
    if (!job || job.id !== msg.id) return // the answer to a job that already timed out
    finish(slot, job)
    if (msg.type === 'lines') job.resolve(msg.lines)
    else job.reject(new ReaderError('failed', msg.message))
    pump()
  }

  function onExit(slot: Slot, child: ChildProcess): void {
    if (slot.child !== child) return
    const wasReady = slot.ready
    slot.child = null
    slot.ready = false
    const job = slot.job
    if (job) {
      finish(slot, job)
      job.reject(new ReaderError('crashed', 'the reader process exited during the read'))
    }
    if (closed) return
    if (!wasReady) {
      // it died loading the models: another start would die the same way, so fail what waits on it
      failWaiting(new ReaderError('failed', 'the reader process could not start'))
      return
    }
    spawnChild(slot)
  }

  function finish(slot: Slot, job: Job): void {
    clearTimeout(job.timer)
    slot.job = null
    holdOpen(slot)
  }

  function failWaiting(err: ReaderError): void {
    for (const job of queue.splice(0)) job.reject(err)
    for (const w of readyWaiters.splice(0)) w.reject(err)
  }

  // A child's IPC channel keeps this process alive: held only while the child works for someone, so an idle
  // pool never keeps a script (or the server's shutdown) from ending — the children follow on 'disconnect'.
  function holdOpen(slot: Slot): void {
    const busy = slot.job !== null || !slot.ready || queue.length > 0
    const channel = slot.child?.channel as { ref?: () => void; unref?: () => void } | undefined
    if (busy) {
      slot.child?.ref()
      channel?.ref?.()
    } else {
      slot.child?.unref()
      channel?.unref?.()
    }
  }

  function start(): void {
    for (const slot of slots) if (!slot.child) spawnChild(slot)
  }

  function pump(): void {
    for (const slot of slots) {
      if (!slot.child || !slot.ready || slot.job || queue.length === 0) continue
      const job = queue.shift()!
      slot.job = job
      const child = slot.child
      job.timer = setTimeout(() => {
        if (slot.job !== job) return
        finish(slot, job)
        job.reject(new ReaderError('timeout', `no reading within ${job.timeoutMs} ms`))
        child.kill('SIGKILL') // its 'exit' starts the replacement
      }, job.timeoutMs)
      const msg: ToChild = { type: 'read', id: job.id, image: job.image }
      child.send(msg)
    }
    for (const slot of slots) holdOpen(slot)
  }

  function settleWarm(): void {
    if (slots.every((s) => s.ready)) for (const w of readyWaiters.splice(0)) w.resolve()
  }

  return {
    read(image, readOpts) {
      if (closed) return Promise.reject(new ReaderError('failed', 'the reader pool is closed'))
      if (slots.length === 0) return Promise.reject(new ReaderError('failed', 'reading is turned off (0 workers)'))
      return new Promise<RecognisedLine[]>((resolve, reject) => {
        queue.push({ id: nextId++, image, timeoutMs: readOpts?.timeoutMs ?? opts.timeoutMs, resolve, reject })
        start()
        pump()
      })
    },
    warm() {
      if (closed) return Promise.reject(new ReaderError('failed', 'the reader pool is closed'))
      if (slots.every((s) => s.ready)) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        readyWaiters.push({ resolve, reject })
        start()
      })
    },
    async close() {
      closed = true
      const err = new ReaderError('failed', 'the reader pool was closed')
      failWaiting(err)
      const exits: Promise<void>[] = []
      for (const slot of slots) {
        const { child, job } = slot
        if (job) {
          finish(slot, job)
          job.reject(err)
        }
        if (!child) continue
        slot.child = null
        slot.ready = false
        if (child.exitCode === null && child.signalCode === null) {
          // an idle child is unref'd (holdOpen): without this, a script whose only work is the pool would end
          // inside close(), before the exit it awaits
          child.ref()
          exits.push(new Promise((r) => child.once('exit', () => r())))
          child.kill('SIGKILL')
        }
      }
      await Promise.all(exits)
    },
    stats() {
      const live = slots.filter((s) => s.child)
      return {
        workers: live.length,
        busy: live.filter((s) => s.job).length,
        queued: queue.length,
        rssBytes: live.map((s) => rssOf(s.child!.pid))
      }
    },
    pids() {
      return slots.flatMap((s) => (s.child?.pid ? [s.child.pid] : []))
    }
  }
}

// A reader decodes pictures strangers sent: it gets no secret (DATA_KEY, database URL…), only what Node, tsx
// and the test hooks need.
const PASSED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_ENV', 'TSX_TSCONFIG_PATH']

function childBaseEnv(): Record<string, string> {
  return Object.fromEntries(PASSED_ENV.flatMap((k) => (process.env[k] === undefined ? [] : [[k, String(process.env[k])]])))
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0
  try {
    const m = /VmRSS:\s*(\d+)\s*kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}
