// Upload pipeline extras: thumbnails, perceptual hashes, reused screenshots flagged across citizens,
// orphan uploads purged; the OpenAPI document is served.
import fs from 'node:fs'
import sharp from 'sharp'
import { purgeOrphanUploads } from '../../server/uploads/service'
import { dHash, hamming } from '../../server/uploads/reuse'
import { filePath } from '../../server/uploads/service'
import { appealBody, client, reviewerToken, sample, startServer, tinyPng, hoursAgo, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

it('an upload gets a thumbnail (?size=thumb) and a 64-bit dHash', async () => {
  const token = await api.device()
  const id = await api.uploadOk(token, sample('popup.png'))
  const row = await server.app.db.kysely.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  expect(row.dhash).toMatch(/^[0-9a-f]{16}$/)
  expect(row.sha256).toMatch(/^[0-9a-f]{64}$/)
  const res = await fetch(`${server.base}/api/v1/files/${id}?size=thumb&token=${token}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('image/jpeg')
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
  expect(meta.width).toBeLessThanOrEqual(240)
})

it('the same screenshot (or a re-saved near copy) filed by a different citizen flags both appeals, linked', async () => {
  const shot = sample('popup.png')
  // a near copy: re-encoded as JPEG — different bytes, near-identical picture
  const nearCopy = await sharp(shot).jpeg({ quality: 80 }).toBuffer()
  expect(hamming(await dHash(shot, 40e6), await dHash(nearCopy, 40e6))).toBeLessThanOrEqual(4)

  const file = async (popupBytes: Buffer, seed: number) => {
    const token = await api.device()
    const popup = await api.uploadOk(token, popupBytes)
    const neg = await api.uploadOk(token, await tinyPng(seed))
    const r = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }) })
    expect(r.status).toBe(201)
    return r.body.id as string
  }
  const first = await file(shot, 11)
  const exact = await file(shot, 12)
  const near = await file(nearCopy, 13)
  const unrelated = await file(await tinyPng(14), 15)

  const sup = await reviewerToken(server, api, 'flags', { supervisor: true, districts: [] })
  const q = await api.call('GET', '/review/queue?flag=reused&limit=50', { token: sup.token })
  const byId = new Map(q.body.items.map((i: any) => [i.id, i.flags]))
  expect(byId.has(unrelated)).toBe(false)
  expect((byId.get(first) as any).linkedAppealIds).toEqual([exact, near].sort())
  expect((byId.get(exact) as any)).toMatchObject({ reusedScreenshot: true })
  expect((byId.get(near) as any).linkedAppealIds).toContain(first)

  // the same citizen re-using their own screenshot is not a flag (it cannot be attached twice anyway)
  const claimed = await api.call('POST', `/review/appeals/${first}/claim`, { token: sup.token })
  expect(claimed.body.flags.reusedScreenshot).toBe(true)
  // the review screen names the linked appeals by their 查询码, in the order of linkedAppealIds
  const trackingNoOf = new Map(q.body.items.map((i: any) => [i.id, i.trackingNo]))
  expect(claimed.body.flags.linkedTrackingNos).toEqual(claimed.body.flags.linkedAppealIds.map((id: string) => trackingNoOf.get(id)))
  expect(claimed.body.flags.linkedTrackingNos).toHaveLength(2)
})

it('uploads never attached within 24 h are purged (file, thumbnail, row); attached ones stay', async () => {
  const token = await api.device()
  const orphan = await api.uploadOk(token, await tinyPng(40))
  const kept = await api.uploadOk(token, await tinyPng(41))
  const neg = await api.uploadOk(token, await tinyPng(42))
  expect((await api.call('POST', '/appeals', { token, body: appealBody({ popup: kept, tests: [neg] }) })).status).toBe(201)
  const db = server.app.db.kysely
  await db.updateTable('uploads').set({ created_at: hoursAgo(25) }).where('id', 'in', [orphan, kept, neg]).execute()
  const fresh = await api.uploadOk(token, await tinyPng(43))
  expect(await purgeOrphanUploads(db, server.config)).toBe(1)
  expect(fs.existsSync(filePath(server.config, orphan))).toBe(false)
  expect(fs.existsSync(filePath(server.config, orphan, 'thumb'))).toBe(false)
  const left = (await db.selectFrom('uploads').select('id').where('id', 'in', [orphan, kept, neg, fresh]).execute()).map((r) => r.id).sort()
  expect(left).toEqual([kept, neg, fresh].sort())
})

it('serves the OpenAPI document at /api/docs/json and a page at /api/docs', async () => {
  const res = await fetch(`${server.base}/api/docs/json`)
  expect(res.status).toBe(200)
  const doc = await res.json()
  expect(doc.openapi).toMatch(/^3\./)
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/appeals', '/api/v1/review/queue', '/api/v1/appeals/{id}/supplement']))
  expect(doc.paths['/api/v1/appeals'].post.requestBody.content['application/json'].schema.required).toContain('popupShot')
  const page = await fetch(`${server.base}/api/docs`, { redirect: 'follow' })
  expect(page.status).toBe(200)
  expect(await page.text()).toMatch(/swagger/i)
})
