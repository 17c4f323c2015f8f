// A bounded pool for screenshot work: at most `size` images are decoded/re-encoded at once, a few more wait,
// and every job is answered within `timeoutMs` — a request is never left hanging on image work.
//
// Why not worker threads: sharp already runs each pipeline on libuv's thread pool, off the event loop. A
// --cpu-prof of the server under upload load showed the main thread ~50% idle and sharp's JS glue at ~3%;
// the CPU went to libvips threads (and to GC of the 7–10 MB raw pixel buffers the old pipeline made). A worker
// would add a second thread hop and a buffer copy for nothing. What was wrong was the *number* of images in
// flight: libuv runs 4 jobs at once and libvips split each over every core, so on 2 cores 4 uploads meant ~8
// busy threads, and file writes queued behind image jobs on the same 4 libuv threads. Here the pool admits
// `size` images (one per core by default) and sharp works each on one thread (server/images/encode.ts).
import { AppError } from '../errors'

export interface PoolOptions {
  /** images processed at once */
  size: number
  /** jobs allowed to wait for a free slot; more are refused at once (503) instead of piling up in memory */
  maxQueue: number
  /** from submission to answer, ms: queueing and processing together */
  timeoutMs: number
}

export type PoolErrorKind = 'busy' | 'timeout' | 'failed'

/** Raised (then answered as a 5xx) when the pool, not the picture, is the reason an upload did not go through. */
export function poolError(kind: PoolErrorKind, timeoutMs: number, cause?: unknown): AppError {
  if (kind === 'failed') {
    // the cause stays on the error for the route's log line (a library message, never image bytes)
    return Object.assign(new AppError('INTERNAL', { message: '截图处理失败，请稍后重新上传' }), { cause })
  }
  // a retry after about one timeout finds the queue drained
  const retryAfterSeconds = Math.max(1, Math.ceil(timeoutMs / 1000))
  const message = kind === 'busy' ? '截图处理繁忙，请稍后重新上传' : '截图处理超时，请稍后重新上传'
  return new AppError('OVERLOADED', { message, retryAfterSeconds })
}

interface Waiting {
  start: () => void
  abandon: () => void
}

export class ImagePool {
  readonly size: number
  readonly maxQueue: number
  readonly timeoutMs: number
  private running = 0
  private readonly waiting: Waiting[] = []
  /** for tests and metrics: the most images ever seen in flight at once */
  peakRunning = 0

  constructor(opts: PoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new Error(`image pool size must be a positive integer, got ${opts.size}`)
    this.size = opts.size
    this.maxQueue = opts.maxQueue
    this.timeoutMs = opts.timeoutMs
  }

  get inFlight(): number {
    return this.running
  }

  get queued(): number {
    return this.waiting.length
  }

  /**
   * Runs `job` when a slot is free. An AppError from the job (a bad picture) passes through; any other failure
   * becomes INTERNAL with a Chinese message. On timeout the caller is answered at once, but the slot stays
   * taken until the job really ends, so a stuck image cannot let more images run than there are slots.
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.size && this.waiting.length >= this.maxQueue) return Promise.reject(poolError('busy', this.timeoutMs))
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const answer = (fn: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        fn()
      }
      const start = () => {
        this.running++
        this.peakRunning = Math.max(this.peakRunning, this.running)
        let work: Promise<T>
        try {
          work = job()
        } catch (err) {
          work = Promise.reject(err)
        }
        work.then(
          (value) => answer(() => resolve(value)),
          (err) => answer(() => reject(err instanceof AppError ? err : poolError('failed', this.timeoutMs, err)))
        ).finally(() => this.release())
      }
      const entry: Waiting = { start, abandon: () => answer(() => reject(poolError('timeout', this.timeoutMs))) }
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry)
        if (i >= 0) this.waiting.splice(i, 1)
        entry.abandon()
      }, this.timeoutMs)
      if (this.running < this.size) start()
      else this.waiting.push(entry)
    })
  }

  private release(): void {
    this.running--
    const next = this.waiting.shift()
    if (next) next.start()
  }
}
