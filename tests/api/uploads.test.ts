// Screenshots are judged by their bytes, never by name or declared type; failures leave nothing behind.
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { client, sample, startServer, tinyPng, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let token: string

beforeAll(async () => {
  server = await startServer({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024), UPLOAD_MAX_PIXELS: String(3_000_000) })
  api = client(server.base)
  token = await api.device()
})
afterAll(() => server.close())

function storedFiles(): string[] {
  const dir = path.join(server.dir, 'files')
  return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}

async function uploadRows(): Promise<number> {
  const r = await server.app.db.kysely.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

describe('uploads', () => {
  it('non-image bytes named .jpg → 415 UPLOAD_NOT_AN_IMAGE, nothing stored', async () => {
    const before = { files: storedFiles().length, rows: await uploadRows() }
    const r = await api.upload(token, Buffer.from('%PDF-1.4 definitely not a screenshot'), 'shot.jpg', 'image/jpeg')
    expect(r.status).toBe(415)
    expect(r.body.error).toMatchObject({ code: 'UPLOAD_NOT_AN_IMAGE', message: expect.stringContaining('图片') })
    expect(storedFiles().length).toBe(before.files)
    expect(await uploadRows()).toBe(before.rows)
  })

  it('a real image format that is not jpeg/png/webp (GIF) → 415', async () => {
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).gif().toBuffer()
    const r = await api.upload(token, gif, 'shot.png', 'image/png')
    expect(r.status).toBe(415)
  })

  it('truncated PNG bytes → 415', async () => {
    const png = sample('popup.png')
    const r = await api.upload(token, png.subarray(0, 5000), 'popup.png')
    expect(r.status).toBe(415)
    expect(r.body.error.code).toBe('UPLOAD_NOT_AN_IMAGE')
  })

  it('a JPEG declared as PNG is stored as JPEG, re-encoded without EXIF', async () => {
    const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#0a0' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const r = await api.upload(token, jpeg, 'x.png', 'image/png')
    expect(r.status).toBe(201)
    // orientation 6 was applied: 30×20 becomes 20×30
    expect(r.body).toMatchObject({ width: 20, height: 30 })
    const res = await fetch(`${server.base}/api/v1/files/${r.body.id}?token=${token}`)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
    expect(meta.format).toBe('jpeg')
    expect(meta.exif).toBeUndefined()
  })

  it('webp stays webp', async () => {
    const webp = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#00f' } }).webp().toBuffer()
    const r = await api.upload(token, webp, 'a.bin', 'application/octet-stream')
    expect(r.status).toBe(201)
    const res = await fetch(`${server.base}/api/v1/files/${r.body.id}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.headers.get('content-type')).toBe('image/webp')
  })

  it('too many pixels → 413 UPLOAD_TOO_MANY_PIXELS, nothing stored', async () => {
    const before = { files: storedFiles().length, rows: await uploadRows() }
    const big = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#fff' } }).png().toBuffer()
    const r = await api.upload(token, big)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('UPLOAD_TOO_MANY_PIXELS')
    expect(storedFiles().length).toBe(before.files)
    expect(await uploadRows()).toBe(before.rows)
  })

  it('more bytes than UPLOAD_MAX_BYTES → 413 UPLOAD_TOO_LARGE', async () => {
    const r = await api.upload(token, Buffer.alloc(3 * 1024 * 1024, 1))
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('UPLOAD_TOO_LARGE')
  })

  it('a file under another field name → 400 UPLOAD_MISSING_FILE', async () => {
    const form = new FormData()
    form.append('image', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'a.png')
    const res = await fetch(`${server.base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('UPLOAD_MISSING_FILE')
  })

  it('no multipart body at all → 400 UPLOAD_MISSING_FILE', async () => {
    const r = await api.call('POST', '/uploads', { token, body: { file: 'x' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('UPLOAD_MISSING_FILE')
  })

  it('uploading needs a citizen token → 401', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'a.png')
    const res = await fetch(`${server.base}/api/v1/uploads`, { method: 'POST', body: form })
    expect(res.status).toBe(401)
  })

  it("another citizen's file → 404 FILE_NOT_FOUND, and so without any token", async () => {
    const id = await api.uploadOk(token, await tinyPng(7))
    const other = await api.device()
    const r = await api.call('GET', `/files/${id}`, { token: other })
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('FILE_NOT_FOUND')
    expect((await api.call('GET', `/files/${id}`)).status).toBe(404)
    expect((await api.call('GET', `/files/${id}`, { token })).status).toBe(200)
  })
})
