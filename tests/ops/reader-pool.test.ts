// The reader pool (server/reading/pool.ts) with real reader children and the real OCR models: it reads a
// committed screenshot, and a reader that hangs, crashes or outlives its parent is dealt with. Not store-
// specific, so it lives in 'ops' (one run) rather than api/api-pg (two).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createReaderPool, ReaderError, type ReaderPool } from '../../server/reading/pool'

// a model load plus a few reads on a busy 2-core machine
jest.setTimeout(300_000)

const ROOT = path.resolve(__dirname, '../..')
const NEGATIVE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/negative-1.png'))
// reader-child exits mid-read on an image containing these bytes (NODE_ENV=test only; jest sets it)
const CRASH_MARKER = 'reader-pool-test-crash-marker'

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms
  while (Date.now() < end && pids.some(alive)) await new Promise((r) => setTimeout(r, 100))
  return pids.filter(alive)
}

async function rejection(p: Promise<unknown>): Promise<ReaderError> {
  try {
    await p
  } catch (err) {
    return err as ReaderError
  }
  throw new Error('expected the read to reject')
}

const texts = (lines: { text: string }[]): string[] => lines.map((l) => l.text.replace(/\s+/g, ' ').trim())

describe('reader pool', () => {
  let pool: ReaderPool

  beforeAll(() => {
    pool = createReaderPool({ workers: 1, timeoutMs: 240_000, env: { READER_CHILD_CRASH_ON: CRASH_MARKER } })
  })
  afterAll(() => pool.close())

  it('starts no child before the first read, then reads the sampling time off a screenshot', async () => {
    expect(pool.pids()).toEqual([])
    const [lines, during] = await Promise.all([pool.read(NEGATIVE), (async () => pool.stats())()])
    expect(during.queued).toBe(1) // asked while the child still loads
    expect(texts(lines)).toContain('采样时间 2022-01-26 09:12')
    const line = lines.find((l) => l.text.includes('2022-01-26 09:12'))!
    // boxes in the original picture's pixels (1080 wide), the sampling row in the upper half
    expect(line.box.x).toBeGreaterThanOrEqual(0)
    expect(line.box.x + line.box.w).toBeLessThanOrEqual(1080)
    expect(line.box.y).toBeGreaterThan(300)
    expect(line.box.y).toBeLessThan(1300)
    expect(line.score).toBeGreaterThan(0.9)
    const s = pool.stats()
    expect(s).toMatchObject({ workers: 1, busy: 0, queued: 0 })
    expect(s.rssBytes[0]).toBeGreaterThan(50 * 2 ** 20)
  })

  it('rejects a read that runs out of time with "timeout", kills that child and reads the next one', async () => {
    const [before] = pool.pids()
    const err = await rejection(pool.read(NEGATIVE, { timeoutMs: 50 }))
    expect(err).toBeInstanceOf(ReaderError)
    expect(err.kind).toBe('timeout')
    expect(await waitGone([before], 10_000)).toEqual([])
    expect(texts(await pool.read(NEGATIVE))).toContain('采样时间 2022-01-26 09:12')
    expect(pool.pids()).not.toContain(before)
  })

  it('rejects the read a child dies on with "crashed", and the next read works', async () => {
    const [before] = pool.pids()
    const err = await rejection(pool.read(Buffer.concat([NEGATIVE, Buffer.from(CRASH_MARKER)])))
    expect(err.kind).toBe('crashed')
    expect(alive(before)).toBe(false)
    expect(texts(await pool.read(NEGATIVE))).toContain('采样时间 2022-01-26 09:12')
  })

  it('answers "failed" for a file that is not a picture, and keeps its child', async () => {
    const [before] = pool.pids()
    const err = await rejection(pool.read(Buffer.from('not a picture at all')))
    expect(err.kind).toBe('failed')
    expect(pool.pids()).toEqual([before])
  })

  it('close() rejects queued reads and leaves no child running', async () => {
    const pids = pool.pids()
    expect(pids.length).toBe(1)
    // handled at once: they reject inside close(), before it returns
    const running = rejection(pool.read(NEGATIVE))
    const queued = rejection(pool.read(NEGATIVE))
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1 })
    await pool.close()
    expect((await running).kind).toBe('failed')
    expect((await queued).kind).toBe('failed')
    expect(pids.filter(alive)).toEqual([])
    expect(pool.pids()).toEqual([])
    expect((await rejection(pool.read(NEGATIVE))).kind).toBe('failed')
  })
})

it('a reader child does not outlive a parent killed with SIGKILL', async () => {
  const tsx = pathToFileURL(require.resolve('tsx')).href
  const script = `const { createReaderPool } = require(${JSON.stringify(path.join(ROOT, 'server/reading/pool.ts'))});
const pool = createReaderPool({ workers: 1, timeoutMs: 60000 });
pool.warm().then(() => { process.stdout.write('pid ' + pool.pids()[0] + '\\n'); setInterval(() => {}, 1000) });`
  const parent = spawn(process.execPath, ['--import', tsx, '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  const childPid = await new Promise<number>((resolve, reject) => {
    let out = ''
    parent.stdout.on('data', (d) => {
      out += d
      const m = /pid (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    parent.once('exit', (code) => reject(new Error(`parent exited (${code}) before its reader was warm`)))
  })
  expect(alive(childPid)).toBe(true)
  parent.kill('SIGKILL')
  expect(await waitGone([childPid], 15_000)).toEqual([])
})
