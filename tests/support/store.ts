// Where a test server keeps its data: a fresh temp DATA_DIR and, when the *-pg project runs (or a test asks),
// a PostgreSQL database of its own. Whatever was made here is removed by drop(); a directory the test passed
// in is left alone.
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createTestDatabase, pgWanted } from '../api/pg'

export type StoreKind = 'auto' | 'sqlite' | 'pg'

export interface TempStore {
  dir: string
  /** null = SQLite in dir */
  databaseUrl: string | null
  /** DATA_DIR, and DATABASE_URL when on PostgreSQL */
  env: Record<string, string>
  drop: () => Promise<void>
}

export async function tempStore(opts: { kind?: StoreKind; prefix?: string; dataDir?: string } = {}): Promise<TempStore> {
  const ownDir = opts.dataDir === undefined
  const dir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), opts.prefix ?? 'appeal-test-')))
  const kind = opts.kind ?? 'auto'
  const pg = kind === 'pg' || (kind === 'auto' && pgWanted()) ? await createTestDatabase() : null
  return {
    dir,
    databaseUrl: pg?.url ?? null,
    env: { ...(pg ? { DATABASE_URL: pg.url } : {}), DATA_DIR: dir },
    drop: async () => {
      await pg?.drop()
      if (ownDir) await rm(dir, { recursive: true, force: true })
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}
