// The image pool (server/images): its size follows IMAGE_WORKERS, a failing or stuck job is answered with a
// clear 5xx and a Chinese message instead of hanging the request, and a stuck job keeps its slot.
import fs from 'node:fs'
import os from 'node:os'
import sharp from 'sharp'
import { ImagePool } from '../../server/images/pool'
import { imagePool, poolSize } from '../../server/images'
import { AppError } from '../../server/errors'
import { client, sample, startServer } from './helpers'

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected the job to fail')
}

it('the pool size follows IMAGE_WORKERS (0 = one per core), and never more jobs than that run at once', async () => {
  const base = { imageQueueMax: 50, imageTimeoutMs: 5000, uploadMaxPixels: 8e6 }
  expect(poolSize({ imageWorkers: 0 })).toBe(os.availableParallelism())
  const pool = imagePool({ ...base, imageWorkers: 3 })
  expect(pool.size).toBe(3)
  await Promise.all(Array.from({ length: 10 }, () => pool.run(() => later(20))))
  expect(pool.peakRunning).toBe(3)
  expect(pool.inFlight).toBe(0)
})

it('a job that crashes is a 500 with a Chinese message, not the picture\'s fault', async () => {
  const pool = new ImagePool({ size: 1, maxQueue: 1, timeoutMs: 1000 })
  const err = await failure(pool.run(async () => { throw new TypeError('vips_malloc failed') }))
  expect(err.code).toBe('INTERNAL')
  expect(err.status).toBe(500)
  expect(err.message).toBe('截图处理失败，请稍后重新上传')
  expect((err.cause as Error).message).toBe('vips_malloc failed')
  // the slot is free again
  await expect(pool.run(async () => 'ok')).resolves.toBe('ok')
})

it('a stuck job is answered 503 after the timeout and keeps its slot until it really ends; a full queue is 503 at once', async () => {
  const pool = new ImagePool({ size: 1, maxQueue: 1, timeoutMs: 150 })
  let finish: () => void = () => undefined
  const stuck = pool.run(() => new Promise<void>((r) => (finish = r)))
  const t0 = Date.now()
  let secondStarted = false
  const second = pool.run(async () => { secondStarted = true })
  const busy = await failure(pool.run(async () => 'never'))
  expect(busy.code).toBe('OVERLOADED')
  expect(busy.message).toBe('截图处理繁忙，请稍后重新上传')
  expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1)

  const timedOut = await failure(stuck)
  expect(Date.now() - t0).toBeLessThan(1000)
  expect(timedOut.code).toBe('OVERLOADED')
  expect(timedOut.status).toBe(503)
  expect(timedOut.message).toBe('截图处理超时，请稍后重新上传')
  // the queued job timed out too, without ever running beside the stuck one
  expect((await failure(second)).code).toBe('OVERLOADED')
  expect(secondStarted).toBe(false)
  expect(pool.inFlight).toBe(1)
  finish()
  await later(10)
  expect(pool.inFlight).toBe(0)
  await expect(pool.run(async () => 'after')).resolves.toBe('after')
})

it('over HTTP: image work past IMAGE_TIMEOUT_MS is 503 OVERLOADED with Retry-After and leaves nothing stored', async () => {
  const server = await startServer({ IMAGE_TIMEOUT_MS: '1', IMAGE_WORKERS: '1' })
  try {
    const api = client(server.base)
    const token = await api.device()
    const r = await api.upload(token, sample('popup.png'))
    expect(r.status).toBe(503)
    expect(r.body.error.code).toBe('OVERLOADED')
    expect(r.body.error.message).toBe('截图处理超时，请稍后重新上传')
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const rows = await server.app.db.kysely.selectFrom('uploads').select('id').execute()
    expect(rows).toHaveLength(0)
    const files = fs.existsSync(`${server.dir}/files`) ? fs.readdirSync(`${server.dir}/files`) : []
    expect(files).toHaveLength(0)
  } finally {
    await server.close()
  }
})

it('over HTTP with one image worker: a phone JPEG is re-encoded (not the original bytes), with thumbnail size and rotation applied', async () => {
  const server = await startServer({ IMAGE_WORKERS: '1' })
  try {
    const api = client(server.base)
    const token = await api.device()
    // the phone's upload: ≤ 1080 px wide JPEG, carrying EXIF orientation 6 (shown rotated by 90°)
    const jpeg = await sharp(sample('popup.png')).resize({ width: 1080 }).jpeg({ quality: 80 }).withMetadata({ orientation: 6 }).toBuffer()
    const r = await api.upload(token, jpeg, 'shot.jpg', 'image/jpeg')
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ width: 2339, height: 1080 })
    const file = await fetch(`${server.base}/api/v1/files/${r.body.id}?token=${token}`)
    const stored = Buffer.from(await file.arrayBuffer())
    expect(stored.equals(jpeg)).toBe(false)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 2339, height: 1080 })
    expect(meta.exif).toBeUndefined()
    const thumb = await sharp(Buffer.from(await (await fetch(`${server.base}/api/v1/files/${r.body.id}?size=thumb&token=${token}`)).arrayBuffer())).metadata()
    expect(thumb.width).toBe(240)
  } finally {
    await server.close()
  }
})
