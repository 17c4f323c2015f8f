// One reader process (issue 13), started by server/reading/pool.ts with an IPC channel: loads the OCR models
// once, warms them, then reads one screenshot at a time. Inference holds a thread for seconds; in its own
// process it costs the API's event loop nothing, and a crash or a hang is ended with a kill.
//
// Messages (see protocol.ts): in { type: 'read', id, image } → out { type: 'lines', id, lines } or
// { type: 'error', id, message }; out { type: 'ready' } once warm.
//
// Never prints what it read nor the picture: recognised text is personal data. Errors carry only the error's
// message (sharp's "unsupported image format", never content).
import fs from 'node:fs'
import os from 'node:os'
import { createEngine, type Engine } from './engine'
import { CHILD_ENV, type ToChild, type ToParent } from './protocol'

// A test-only way to make this process die mid-read (tests/ops/reader-pool.test.ts), as a native crash would.
const CRASH_MARKER = process.env.NODE_ENV === 'test' ? process.env[CHILD_ENV.crashOn] : undefined

function send(msg: ToParent): void {
  if (process.connected) process.send?.(msg)
}

// The parent gone (closed, killed, crashed) means nobody will read our answers: never outlive it.
process.on('disconnect', () => process.exit(0))

// Readers yield the CPU to the API (the pool passes nice 10 outside tests): with READING_WORKERS = cores, a
// reading must not lengthen a citizen's status poll. Linux keeps a nice value per thread and a new thread
// inherits its creator's, so every thread that exists once the model is warm (main, libuv's pool that runs
// inference, V8's helpers) is lowered, not only the main thread.
const NICE = Number(process.env[CHILD_ENV.nice]) || 0

function yieldCpu(): void {
  if (NICE <= 0) return
  let tids: number[] = [0]
  try {
    tids = fs.readdirSync('/proc/self/task').map(Number)
  } catch {
    /* not Linux: the calling thread only */
  }
  for (const tid of tids) {
    try {
      os.setPriority(tid, NICE)
    } catch {
      /* a thread that ended meanwhile, or not permitted: reading still works */
    }
  }
}

async function warm(engine: Engine): Promise<void> {
  const { default: sharp } = await import('sharp')
  // dark bars on white: enough for the detector to find "lines" and the recogniser to run once on them, which
  // is what makes the first real read slow (onnxruntime sizes its buffers on the first run)
  const bars = Array.from({ length: 4 }, (_, i) => `<rect x="${24 + i * 70}" y="40" width="52" height="18" fill="#222"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96"><rect width="320" height="96" fill="#fff"/>${bars.join('')}</svg>`
  await engine.read(await sharp(Buffer.from(svg)).png().toBuffer())
}

async function main(): Promise<void> {
  const engine = await createEngine({
    maxWidth: Number(process.env[CHILD_ENV.maxWidth]) || undefined,
    threads: Number(process.env[CHILD_ENV.threads]) || 1
  })
  yieldCpu()
  await warm(engine)
  yieldCpu()
  // one read at a time: the pool sends the next only after our answer, a queue here is a safety net
  let chain = Promise.resolve()
  process.on('message', (msg: ToChild) => {
    if (msg?.type !== 'read') return
    chain = chain.then(() => answer(engine, msg))
  })
  send({ type: 'ready' })
}

async function answer(engine: Engine, msg: Extract<ToChild, { type: 'read' }>): Promise<void> {
  const image = Buffer.from(msg.image.buffer, msg.image.byteOffset, msg.image.byteLength)
  if (CRASH_MARKER && image.includes(Buffer.from(CRASH_MARKER))) process.exit(1)
  try {
    send({ type: 'lines', id: msg.id, lines: await engine.read(image) })
  } catch (err) {
    send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message.slice(0, 200) : 'read failed' })
  }
}

main().catch((err: unknown) => {
  // the model did not load: say so without any content, and let the pool see the exit
  process.stderr.write(`reader: start failed: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
