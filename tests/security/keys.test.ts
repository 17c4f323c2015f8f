// Keys: generated 0600 into DATA_DIR on first start without DATA_KEY (and said so, without the key);
// rotation re-encrypts every row under a new key id while the server keeps serving.
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { client, fileQuickAppeal, reviewerToken, startServer, VALID_ID } from '../api/helpers'
import { rotateKeys } from '../../server/cli/rotate-keys'
import { pgWanted } from '../api/pg'

it('first start without DATA_KEY generates DATA_DIR/data.key (0600) and logs the file, never the key', async () => {
  if (pgWanted()) return
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-key-'))
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const app = await buildApp(loadConfig({ DATA_DIR: dir, H5_DIR: path.join(dir, 'none'), LOG_LEVEL: 'info' }), { logStream: stream })
  await app.close()
  const file = path.join(dir, 'data.key')
  expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  const key = fs.readFileSync(file, 'utf8').trim()
  expect(Buffer.from(key, 'base64')).toHaveLength(32)
  const log = Buffer.concat(chunks).toString('utf8')
  expect(log).toContain('generated a new data key')
  expect(log).toContain(file)
  expect(log).not.toContain(key)
  await rm(dir, { recursive: true, force: true })
})

it('npm run keys:rotate re-encrypts every row under a new key id; the running server reads old and new rows', async () => {
  const server = await startServer()
  try {
    const api = client(server.base)
    const a = await fileQuickAppeal(api, 1)
    const before = await server.app.db.kysely.selectFrom('appeals').select('applicant_id_number').executeTakeFirstOrThrow()
    const oldKid = before.applicant_id_number.split(':')[1]
    const env = { DATA_DIR: server.dir, DATA_KEY: server.config.dataKey!, DATABASE_URL: server.config.databaseUrl ?? '' }
    const out = await rotateKeys([], env)
    expect(out).toMatch(/re-encrypted 1 rows/)
    const ring = JSON.parse(fs.readFileSync(path.join(server.dir, 'keys.json'), 'utf8'))
    expect(fs.statSync(path.join(server.dir, 'keys.json')).mode & 0o777).toBe(0o600)
    expect(ring.index).toBe(oldKid)
    expect(ring.current).not.toBe(oldKid)
    const after = await server.app.db.kysely.selectFrom('appeals').select(['applicant_id_number', 'applicant_name', 'applicant_phone']).execute()
    for (const r of after) for (const v of Object.values(r)) expect(v.split(':')[1]).toBe(ring.current)
    // a resumed run finds nothing left
    expect(await rotateKeys(['--resume'], env)).toMatch(/re-encrypted 0 rows/)
    // the server still serves it, and new appeals match old ones (the HMAC key did not change)
    const b = await fileQuickAppeal(api, 9)
    const rev = await reviewerToken(server, api, 'rot-rev')
    const held = await api.call('POST', `/review/appeals/${a.id}/claim`, { token: rev.token })
    expect(held.body.applicant.idNumber).toBe(VALID_ID)
    const hist = await api.call('GET', `/review/appeals/${a.id}/history`, { token: rev.token })
    expect(hist.body.items.map((i: any) => i.id)).toEqual([b.id])
  } finally {
    await server.close()
  }
})

it('npm run keys:rotate without the keys the data was written under refuses, naming the key id, and writes no key', async () => {
  const server = await startServer()
  try {
    const api = client(server.base)
    await fileQuickAppeal(api, 2)
    const row = await server.app.db.kysely.selectFrom('appeals').select('applicant_id_number').executeTakeFirstOrThrow()
    const kid = row.applicant_id_number.split(':')[1]
    // the operator forgot DATA_KEY (the test server keeps its key in the environment, not in DATA_DIR)
    expect(fs.existsSync(path.join(server.dir, 'data.key'))).toBe(false)
    const env = { DATA_DIR: server.dir, DATABASE_URL: server.config.databaseUrl ?? '' }
    await expect(rotateKeys([], env)).rejects.toThrow(new RegExp(kid))
    expect(fs.existsSync(path.join(server.dir, 'data.key'))).toBe(false)
    expect(fs.existsSync(path.join(server.dir, 'keys.json'))).toBe(false)
  } finally {
    await server.close()
  }
})
