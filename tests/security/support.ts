// A test server like tests/api/helpers.ts startServer, but with the JSON log captured (LOG_LEVEL debug), for
// the scans of the log for personal data.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createTestDatabase, pgWanted } from '../api/pg'
import { NO_LOAD_SHEDDING, TEST_DATA_KEY, type TestServer } from '../api/helpers'

export async function startLoggedServer(env: Record<string, string> = {}): Promise<TestServer & { log: () => string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-sec-'))
  const pg = pgWanted() ? await createTestDatabase() : null
  const config = loadConfig({
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    DATA_DIR: dir,
    H5_DIR: path.join(dir, 'no-h5'),
    LOG_LEVEL: 'debug', // every request is logged at debug (server/ops/logging.ts registerRequestLog)
    DATA_KEY: TEST_DATA_KEY,
    ...NO_LOAD_SHEDDING,
    ...env
  })
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const app = await buildApp(config, { logStream: stream })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    dir,
    config,
    log: () => Buffer.concat(chunks).toString('utf8'),
    close: async () => {
      await app.close()
      await pg?.drop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A fresh appeal, claimed and approved by a reviewer: closed. */
export async function closedAppeal(
  api: { call: (m: string, u: string, o?: any) => Promise<{ status: number; body: any }> },
  reviewerToken: string,
  filed: { token: string; id: string }
): Promise<void> {
  const c = await api.call('POST', `/review/appeals/${filed.id}/claim`, { token: reviewerToken })
  if (c.status !== 200) throw new Error(`claim ${c.status} ${JSON.stringify(c.body)}`)
  const d = await api.call('POST', `/review/appeals/${filed.id}/decision`, { token: reviewerToken, body: { outcome: 'approved' } })
  if (d.status !== 200) throw new Error(`decide ${d.status} ${JSON.stringify(d.body)}`)
}
