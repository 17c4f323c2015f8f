// Evidence beyond one machine (issue 15): two API processes with DATA_DIRs of their own, one database
// (PostgreSQL in api-pg; in api one SQLite file both reach) and one S3-compatible bucket (s3rver on 127.0.0.1).
// An upload through A is served by B to its owner only, the appeal flow runs across both, and B's sweeps
// delete what A stored.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { loadConfig } from '../../server/config'
import { backup } from '../../server/ops/backup'
import { purgeOrphanUploads } from '../../server/uploads/service'
import { purgeUnreferencedObjects } from '../../server/storage/orphans'
import { appealBody, client, TEST_DATA_KEY, tinyPng } from './helpers'
import { createStore, seedReviewers, startChild, stopChild, type Child, type Store } from './child'
import { secondDataDir, startLocalS3, type LocalS3 } from './storage-s3-support'

let s3: LocalS3
let store: Store
let dirB: { dir: string; remove: () => Promise<void> }
let a: Child
let b: Child
let reviewer: { id: string; token: string }

beforeAll(async () => {
  s3 = await startLocalS3()
  store = await createStore()
  dirB = await secondDataDir(store)
  // the reviewer exists before the first start, so no process creates the demo account
  ;[reviewer] = await seedReviewers(store.db.kysely, 1)
  const shared = { ...s3.env, DATA_KEY: TEST_DATA_KEY }
  // A never sweeps during the test; B sweeps every second: whatever gets deleted, B deleted it
  a = await startChild(store, { ...shared, SWEEP_INTERVAL_SECONDS: '86400', RETENTION_INTERVAL_SECONDS: '604800' })
  b = await startChild(store, { ...shared, DATA_DIR: dirB.dir, SWEEP_INTERVAL_SECONDS: '1', RETENTION_INTERVAL_SECONDS: '1' })
}, 180_000)

afterAll(async () => {
  await Promise.all([a && stopChild(a), b && stopChild(b)])
  await store?.drop()
  await dirB?.remove()
  await s3?.stop()
})

/** Every file either process wrote under its DATA_DIR/files (there must be none: the bucket holds the evidence). */
function localEvidence(): string[] {
  return [store.dir, dirB.dir].flatMap((d) => {
    const files = path.join(d, 'files')
    return fs.existsSync(files) ? fs.readdirSync(files) : []
  })
}

async function fetchFile(base: string, id: string, token?: string, size?: 'thumb') {
  const res = await fetch(`${base}/api/v1/files/${id}${size ? '?size=thumb' : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    redirect: 'manual'
  })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

it('an upload through A lands in the bucket (no local file) and B streams it to its owner', async () => {
  const apiA = client(a.base)
  const token = await apiA.device()
  const id = await apiA.uploadOk(token, await tinyPng(11))
  expect(await s3.keys()).toEqual(expect.arrayContaining([`files/${id}`, `files/${id}.thumb`]))
  expect(localEvidence()).toEqual([])

  const full = await fetchFile(b.base, id, token)
  expect(full.status).toBe(200)
  expect(full.headers.get('content-type')).toBe('image/png')
  expect(full.headers.get('cache-control')).toBe('private, no-store')
  expect(full.body.equals(await s3.bytes(`files/${id}`))).toBe(true)
  expect(await sharp(full.body).metadata()).toMatchObject({ format: 'png', width: 40, height: 60 })

  const thumb = await fetchFile(b.base, id, token, 'thumb')
  expect(thumb.status).toBe(200)
  expect(thumb.headers.get('content-type')).toBe('image/jpeg')
  expect(thumb.body.equals(await s3.bytes(`files/${id}.thumb`))).toBe(true)
})

it('B refuses the screenshot to anyone but its owner, and never points at the bucket', async () => {
  const apiA = client(a.base)
  const owner = await apiA.device()
  const id = await apiA.uploadOk(owner, await tinyPng(12))
  const other = await client(b.base).device()
  for (const token of [other, reviewer.token, undefined]) {
    const r = await fetchFile(b.base, id, token)
    expect(r.status).toBe(404)
    expect(JSON.parse(r.body.toString()).error.code).toBe('FILE_NOT_FOUND')
    expect(r.headers.get('location')).toBeNull()
    expect(r.body.toString()).not.toContain(s3.env.S3_ENDPOINT)
  }
  const mine = await fetchFile(b.base, id, owner)
  expect(mine.status).toBe(200)
  expect(mine.headers.get('location')).toBeNull()
})

it('the appeal flow across both: filed on B with shots from A and B, reviewed on A with shots from B, then retention on B empties the bucket', async () => {
  const apiA = client(a.base)
  const apiB = client(b.base)
  const token = await apiA.device()
  const popup = await apiA.uploadOk(token, await tinyPng(21))
  const neg = await apiB.uploadOk(token, await tinyPng(22))
  const filed = await apiB.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }) })
  expect(filed.status).toBe(201)
  const appealId: string = filed.body.id

  const claim = await apiA.call('POST', '/review/claim', { token: reviewer.token })
  expect(claim.status).toBe(200)
  expect(claim.body.id).toBe(appealId)
  // the reviewer holding the appeal sees both screenshots, whichever process stored them
  for (const shot of [popup, neg]) {
    const r = await fetchFile(b.base, shot, reviewer.token)
    expect(r.status).toBe(200)
    expect(r.body.equals(await s3.bytes(`files/${shot}`))).toBe(true)
  }
  const decided = await apiA.call('POST', `/review/appeals/${appealId}/decision`, { token: reviewer.token, body: { outcome: 'approved' } })
  expect(decided.status).toBe(200)
  const seen = await apiB.call('GET', `/appeals/${appealId}`, { token })
  expect(seen.status).toBe(200)
  expect(seen.body.status).toBe('approved')

  // closed 31 days ago: past RETENTION_EVIDENCE_DAYS (30), so B's next retention run purges the evidence
  const longAgo = new Date(Date.now() - 31 * 24 * 3600_000).toISOString()
  await store.db.kysely.updateTable('appeals').set({ updated_at: longAgo }).where('id', '=', appealId).execute()
  await until('retention on B purged the appeal\'s evidence', async () => {
    const row = await store.db.kysely.selectFrom('appeals').select('evidence_purged_at').where('id', '=', appealId).executeTakeFirstOrThrow()
    return row.evidence_purged_at !== null
  })
  const left = await s3.keys()
  for (const shot of [popup, neg]) {
    expect(left).not.toContain(`files/${shot}`)
    expect(left).not.toContain(`files/${shot}.thumb`)
    expect((await fetchFile(a.base, shot, token)).status).toBe(404)
  }
  expect(localEvidence()).toEqual([])
}, 60_000)

it("B's orphan sweep deletes an upload A stored and no appeal ever used", async () => {
  const apiA = client(a.base)
  const token = await apiA.device()
  const id = await apiA.uploadOk(token, await tinyPng(31))
  expect(await s3.keys()).toContain(`files/${id}`)
  // older than UPLOAD_ORPHAN_HOURS (24)
  const old = new Date(Date.now() - 25 * 3600_000).toISOString()
  await store.db.kysely.updateTable('uploads').set({ created_at: old }).where('id', '=', id).execute()
  await until('the orphan sweep on B removed the upload', async () => {
    const keys = await s3.keys()
    return !keys.includes(`files/${id}`) && !keys.includes(`files/${id}.thumb`)
  })
  const row = await store.db.kysely.selectFrom('uploads').select('id').where('id', '=', id).executeTakeFirst()
  expect(row).toBeUndefined()
  expect((await fetchFile(a.base, id, token)).status).toBe(404)
}, 60_000)

it('a SQLite backup with STORAGE=s3 carries the bucket objects; on PostgreSQL it points at the documented way', async () => {
  const apiA = client(a.base)
  const token = await apiA.device()
  const id = await apiA.uploadOk(token, await tinyPng(41))
  const config = loadConfig({ ...store.env, ...s3.env, DATA_KEY: TEST_DATA_KEY })
  const out = path.join(dirB.dir, 'backup.tar.gz')
  if (store.env.DATABASE_URL) {
    await expect(backup(config, out, { passphrase: null, withoutKeys: true })).rejects.toThrow('docs/operations.md')
    return
  }
  const r = await backup(config, out, { passphrase: null, withoutKeys: true })
  const listed = execFileSync('tar', ['-tzf', out]).toString().split('\n')
  expect(listed).toEqual(expect.arrayContaining([`files/${id}`, `files/${id}.thumb`]))
  expect(r.files).toBe((await s3.keys()).length)
  const extracted = path.join(dirB.dir, 'unpacked')
  fs.mkdirSync(extracted)
  execFileSync('tar', ['-xzf', out, '-C', extracted, `files/${id}`])
  expect(fs.readFileSync(path.join(extracted, 'files', id)).equals(await s3.bytes(`files/${id}`))).toBe(true)
}, 60_000)

it('objects no upload row names (a crash between the PUT and the row) are swept once old; objects with rows stay', async () => {
  const apiA = client(a.base)
  const token = await apiA.device()
  const popup = await apiA.uploadOk(token, await tinyPng(51))
  const neg = await apiA.uploadOk(token, await tinyPng(52))
  expect((await apiA.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [neg] }) })).status).toBe(201)
  const strays = [`files/${randomUUID()}`, `files/${randomUUID()}.thumb`]
  for (const Key of strays) await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: Buffer.from('left by a crash') }))
  const config = loadConfig({ ...store.env, ...s3.env, DATA_KEY: TEST_DATA_KEY })
  // fresh objects are never touched: an upload may be on its way to its row
  expect(await purgeUnreferencedObjects(store.db.kysely, config)).toBe(0)
  expect(await s3.keys()).toEqual(expect.arrayContaining(strays))
  // a day later (UPLOAD_ORPHAN_HOURS = 24), the orphan sweep takes them, and only them
  await purgeOrphanUploads(store.db.kysely, config, new Date(Date.now() + 25 * 3600_000))
  const left = await s3.keys()
  for (const k of strays) expect(left).not.toContain(k)
  expect(left).toEqual(expect.arrayContaining([popup, neg].flatMap((id) => [`files/${id}`, `files/${id}.thumb`])))
  const rows = new Set((await store.db.kysely.selectFrom('uploads').select('id').execute()).map((r) => r.id))
  for (const k of left) expect(rows.has(k.slice('files/'.length).replace(/\.thumb$/, ''))).toBe(true)
})

it('the same sweep on the local store: an old file without a row goes, a .part in progress and a young file stay', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeal-local-orphans-'))
  try {
    const files = path.join(dir, 'files')
    fs.mkdirSync(files)
    const [old, young, part] = [randomUUID(), randomUUID(), `${randomUUID()}.abcd.part`]
    for (const n of [old, young, part]) fs.writeFileSync(path.join(files, n), 'x')
    const dayAgo = new Date(Date.now() - 25 * 3600_000)
    for (const n of [old, part]) fs.utimesSync(path.join(files, n), dayAgo, dayAgo)
    const config = { dataDir: dir, storage: 'local' as const, uploadOrphanHours: 24 }
    expect(await purgeUnreferencedObjects(store.db.kysely, config)).toBe(1)
    expect(fs.readdirSync(files).sort()).toEqual([part, young].sort())
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
