// A server never makes a new data key over ciphertext, nor a new receipt key once appeals exist: started
// (the real `tsx server/main.ts`) on such a database without the key, it exits 1 naming what is missing
// and writes no key file. On SQLite (security) and on PostgreSQL (security-pg: the database is shared, the
// DATA_DIR of the new server is a fresh empty one, as a second instance or a rebuilt machine would have).
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { kidOf } from '../../server/crypto/keyring'
import { client, fileQuickAppeal, NO_LOAD_SHEDDING, TEST_DATA_KEY } from '../api/helpers'
import { createTestDatabase, pgWanted } from '../api/pg'
import { spawnServer } from '../ops/support'

jest.setTimeout(120_000)

const KID = kidOf(Buffer.from(TEST_DATA_KEY, 'base64'))

describe('startup key checks', () => {
  let pg: { url: string; drop: () => Promise<void> } | null = null
  let written: string
  const dirs: string[] = []
  const fresh = async (): Promise<string> => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'appeal-startkeys-'))
    dirs.push(d)
    return d
  }
  /** the environment of a server on the database that holds the appeal */
  const onThatDatabase = async (): Promise<Record<string, string>> => {
    const dir = pg ? await fresh() : written
    return { ...(pg ? { DATABASE_URL: pg.url } : {}), DATA_DIR: dir, H5_DIR: path.join(dir, 'no-h5') }
  }

  beforeAll(async () => {
    pg = pgWanted() ? await createTestDatabase() : null
    written = await fresh()
    // an appeal written under TEST_DATA_KEY (from the environment: no key file in DATA_DIR)
    const config = loadConfig({
      ...(pg ? { DATABASE_URL: pg.url } : {}),
      DATA_DIR: written,
      H5_DIR: path.join(written, 'no-h5'),
      LOG_LEVEL: 'silent',
      DATA_KEY: TEST_DATA_KEY,
      ...NO_LOAD_SHEDDING
    })
    const app = await buildApp(config)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address() as { port: number }
    await fileQuickAppeal(client(`http://127.0.0.1:${addr.port}`), 3)
    await app.close()
    expect(fs.existsSync(path.join(written, 'data.key'))).toBe(false)
    expect(fs.existsSync(path.join(written, 'receipt.key'))).toBe(false)
  })

  afterAll(async () => {
    await pg?.drop()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('without any data key: exits 1 naming the key id the ciphertext needs, and generates none', async () => {
    const env = await onThatDatabase()
    const s = await spawnServer(env, { waitListening: false })
    expect(await s.exited).toBe(1)
    expect(s.stderr()).toContain(`needs data key id(s) ${KID}`)
    expect(s.stderr()).toContain('Refusing to start')
    expect(s.stdout()).not.toContain('API listening')
    expect(fs.existsSync(path.join(env.DATA_DIR, 'data.key'))).toBe(false)
    expect(fs.existsSync(path.join(env.DATA_DIR, 'receipt.key'))).toBe(false)
  })

  it('with another deployment’s key: exits 1 naming the missing id and the one it has', async () => {
    const other = Buffer.alloc(32, 11).toString('base64')
    const s = await spawnServer({ ...(await onThatDatabase()), DATA_KEY: other }, { waitListening: false })
    expect(await s.exited).toBe(1)
    expect(s.stderr()).toContain(`needs data key id(s) ${KID}`)
    expect(s.stderr()).toContain(kidOf(Buffer.from(other, 'base64')))
  })

  it('with the data key but no receipt key while appeals exist: exits 1 naming receipt.key, and generates none', async () => {
    const env = await onThatDatabase()
    const s = await spawnServer({ ...env, DATA_KEY: TEST_DATA_KEY }, { waitListening: false })
    expect(await s.exited).toBe(1)
    expect(s.stderr()).toContain('Appeals exist but there is no receipt key')
    expect(s.stderr()).toContain(path.join(env.DATA_DIR, 'receipt.key'))
    expect(fs.existsSync(path.join(env.DATA_DIR, 'receipt.key'))).toBe(false)
  })

  it('with both keys it starts and serves (the check does not stand in the way of a healthy start)', async () => {
    const s = await spawnServer({ ...(await onThatDatabase()), DATA_KEY: TEST_DATA_KEY, RECEIPT_KEY: 'k'.repeat(40) })
    try {
      const r = await fetch(`${s.base}/readyz`)
      expect(r.status).toBe(200)
    } finally {
      s.child.kill('SIGTERM')
      expect(await s.exited).toBe(0)
    }
  })
})
