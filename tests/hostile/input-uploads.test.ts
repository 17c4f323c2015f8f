// Pixel bombs, upload floods and retried uploads, against the production defaults (UPLOAD_MAX_PIXELS,
// RATE_LIMIT_UPLOADS_PER_CITIZEN / _PER_ADDRESS are not overridden here).
import sharp from 'sharp'
import { SETTINGS } from '../../server/config'
import { client, tinyPng } from '../api/helpers'
import { declaredJpeg, declaredPng, filePart, multipart, postUpload, rowCount, startLoggedServer, storedFiles, type LoggedServer } from './input-support'

let server: LoggedServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startLoggedServer()
  api = client(server.base)
})
afterAll(() => server.close())

const mp = (boundary: string) => `multipart/form-data; boundary=${boundary}`

async function upload(token: string, bytes: Buffer, extra: { headers?: Record<string, string>; from?: string } = {}) {
  const { body, boundary } = multipart([filePart(bytes)])
  const r = await postUpload(server.base, token, body, mp(boundary), extra)
  return r!
}

/** A PNG of real pixels (noise), width×height. */
function noisePng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24
  return sharp(data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer()
}

/** The same picture, with the header's height patched: a JPEG that claims more pixels than it carries. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const real = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } }).jpeg().toBuffer()
  const sof = real.indexOf(Buffer.from([0xff, 0xc0]))
  expect(sof).toBeGreaterThan(0)
  const out = Buffer.from(real)
  out.writeUInt16BE(height, sof + 5)
  out.writeUInt16BE(width, sof + 7)
  return out
}

describe('pixel cap: judged from the header, before any decoding', () => {
  const cap = Number(SETTINGS.uploadMaxPixels.default)

  it('the default cap has room for every phone and tablet screenshot, and none for a bomb', () => {
    // largest screenshots in use: tall phones 1440×3200 (4.6 MP), tablets 2048×2732 (5.6 MP)
    expect(cap).toBeGreaterThanOrEqual(2048 * 2732)
    expect(cap).toBeLessThan(6000 * 6000)
    expect(server.config.uploadMaxPixels).toBe(cap)
  })

  it('a few-KB PNG declaring 36 MP → 413 UPLOAD_TOO_MANY_PIXELS; nothing stored', async () => {
    const token = await api.device()
    const bomb = declaredPng(6000, 6000)
    expect(bomb.length).toBeLessThan(200 * 1024)
    const before = { rows: await rowCount(server.app, 'uploads'), files: storedFiles(server.dir).length }
    const r = await upload(token, bomb)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('UPLOAD_TOO_MANY_PIXELS')
    expect({ rows: await rowCount(server.app, 'uploads'), files: storedFiles(server.dir).length }).toEqual(before)
  })

  it('the header alone decides: a PNG and a JPEG declaring too many pixels over data that would not even decode → 413, not 415', async () => {
    const token = await api.device()
    for (const bytes of [declaredPng(6000, 6000, 'junk'), declaredPng(cap, 2, 'junk'), await jpegClaiming(6000, 6000)]) {
      const r = await upload(token, bytes)
      expect(r.status).toBe(413)
      expect(r.body.error.code).toBe('UPLOAD_TOO_MANY_PIXELS')
    }
    // the same junk under a small header is judged by decoding, and refused for what it is
    const small = await upload(token, declaredPng(100, 100, 'junk'))
    expect(small.status).toBe(415)
    expect(small.body.error.code).toBe('UPLOAD_NOT_AN_IMAGE')
    const smallJpeg = await upload(token, declaredJpeg(100, 100))
    expect(smallJpeg.status).toBe(415)
  })

  it('one pixel over the cap → 413; a tall phone screenshot (1440×3200) and a tablet one (2048×2732) → 201', async () => {
    const token = await api.device()
    const side = Math.ceil(Math.sqrt(cap + 1))
    const over = await upload(token, declaredPng(side, side))
    expect(over.status).toBe(413)
    for (const [w, h] of [
      [1440, 3200],
      [2048, 2732]
    ]) {
      const r = await upload(token, await noisePng(w, h))
      expect(r.status).toBe(201)
      expect(r.body).toMatchObject({ width: w, height: h })
    }
  })

  it('the cap is a setting: UPLOAD_MAX_PIXELS=1000000 refuses a 1080×2339 screenshot', async () => {
    const small = await startLoggedServer({ UPLOAD_MAX_PIXELS: '1000000' })
    try {
      const token = await client(small.base).device()
      const { body, boundary } = multipart([filePart(await noisePng(1080, 2339))])
      const r = await postUpload(small.base, token, body, mp(boundary))
      expect(r!.status).toBe(413)
      expect(r!.body.error.code).toBe('UPLOAD_TOO_MANY_PIXELS')
    } finally {
      await small.close()
    }
  })
})

describe('upload rates: what a citizen needs, per citizen and per address', () => {
  const perCitizen = Number(SETTINGS.rateLimitUploadsPerCitizen.default)
  const perAddress = Number(SETTINGS.rateLimitUploadsPerAddress.default)

  it('defaults: a whole appeal (6 screenshots, each tried 3 times) fits one citizen; a shared address fits many citizens, far below 600', () => {
    expect(perCitizen).toBeGreaterThanOrEqual(6 * 3)
    expect(perCitizen).toBeLessThanOrEqual(30)
    expect(perAddress).toBeGreaterThanOrEqual(perCitizen * 4)
    expect(perAddress).toBeLessThan(600)
  })

  it(`one citizen: upload ${perCitizen} + 1 within the window → the last is 429 RATE_LIMITED with Retry-After; another citizen is unaffected`, async () => {
    const from = '127.0.0.21'
    const token = await api.device()
    const junk = Buffer.from('not an image') // counted like any upload, and cheap
    const statuses: number[] = []
    for (let i = 0; i < perCitizen; i++) statuses.push((await upload(token, junk, { from })).status)
    expect(statuses.every((s) => s === 415)).toBe(true)
    const over = await upload(token, junk, { from })
    expect(over.status).toBe(429)
    expect(over.body.error.code).toBe('RATE_LIMITED')
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
    expect((await upload(await api.device(), await tinyPng(51), { from })).status).toBe(201)
  })

  it(`one address, many citizens: ${perAddress} uploads pass, the next is 429; another address is unaffected`, async () => {
    const from = '127.0.0.22'
    const junk = Buffer.from('not an image')
    const statuses: number[] = []
    let token = ''
    for (let i = 0; i < perAddress; i++) {
      if (i % perCitizen === 0) token = await api.device()
      statuses.push((await upload(token, junk, { from })).status)
    }
    expect(statuses.filter((s) => s === 429)).toEqual([])
    const fresh = await api.device()
    const over = await upload(fresh, junk, { from })
    expect(over.status).toBe(429)
    expect(over.body.error.code).toBe('RATE_LIMITED')
    expect((await upload(fresh, await tinyPng(52), { from: '127.0.0.23' })).status).toBe(201)
  })
})

describe('Idempotency-Key on uploads: a retried upload is the same upload', () => {
  it('the same key twice → the same id, one row, one file; a new key → a new upload', async () => {
    const token = await api.device()
    const bytes = await tinyPng(61)
    const headers = { 'idempotency-key': 'upload-61-attempt' }
    const before = { rows: await rowCount(server.app, 'uploads'), files: storedFiles(server.dir).length }
    const first = await upload(token, bytes, { headers })
    const retry = await upload(token, bytes, { headers })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect({ rows: await rowCount(server.app, 'uploads'), files: storedFiles(server.dir).length }).toEqual({ rows: before.rows + 1, files: before.files + 2 })
    const other = await upload(token, bytes, { headers: { 'idempotency-key': 'upload-61-other' } })
    expect(other.status).toBe(201)
    expect(other.body.id).not.toBe(first.body.id)
  })

  it('retries racing each other → one upload; the key is the citizen\'s own (another citizen with the same key gets their own)', async () => {
    const token = await api.device()
    const bytes = await tinyPng(62)
    const headers = { 'idempotency-key': 'shared-key-62' }
    const before = await rowCount(server.app, 'uploads')
    const answers = await Promise.all([0, 1, 2].map(() => upload(token, bytes, { headers })))
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201])
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
    expect(await rowCount(server.app, 'uploads')).toBe(before + 1)
    const files = storedFiles(server.dir)
    expect(files.filter((f) => f.startsWith(answers[0].body.id))).toHaveLength(2)
    const theirs = await upload(await api.device(), bytes, { headers })
    expect(theirs.status).toBe(201)
    expect(theirs.body.id).not.toBe(answers[0].body.id)
  })

  it('a malformed key → 400, nothing stored', async () => {
    const token = await api.device()
    const before = await rowCount(server.app, 'uploads')
    const r = await upload(token, await tinyPng(63), { headers: { 'idempotency-key': 'has space' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
    expect(await rowCount(server.app, 'uploads')).toBe(before)
  })
})
