// The one way a test gets a server: startTestApp. In-process (buildApp in the test's own process, the usual
// case) or as a child process running the production entry point (server/main.ts) for tests about processes:
// kills, two instances, startup refusals, shutdown, the browser stories. Either way on a store of its own
// (tests/support/store.ts: temp DATA_DIR, PostgreSQL in the *-pg projects) that close/stop removes, with load
// shedding off (tests/support/env.ts). The suites' old starters are one-line profiles of this.
import path from 'node:path'
import { Writable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { NO_LOAD_SHEDDING, READING_OFF } from './env'
import { tempStore, type StoreKind } from './store'
import { spawnApp, type ChildApp, type ChildOptions } from './child-process'

export const ROOT = path.resolve(__dirname, '../..')
export type { ChildApp, ChildOptions }

export interface InProcessOptions {
  mode?: 'in-process'
  /** 'auto' (default): PostgreSQL when the *-pg project runs, else SQLite */
  store?: StoreKind
  /** use this DATA_DIR (left in place on close) instead of a fresh temp one */
  dataDir?: string
  tmpPrefix?: string
  /** LOG_LEVEL, default silent */
  logLevel?: string
  /** keep the JSON log in memory (logText, logLines) instead of writing it to stdout */
  captureLog?: boolean
  /** serve the built H5 app (dist/h5); default an empty folder, API only */
  h5?: boolean
  /** load shedding stays on (its own tests); default off, a busy CI machine must not see 503s */
  loadShedding?: boolean
  /** settings, last word over every default above */
  env?: Record<string, string>
}

export interface InProcessApp {
  app: FastifyInstance
  base: string
  dir: string
  config: Config
  /** the captured JSON log as written (captureLog) */
  logText: () => string
  /** the captured JSON log, one object per line (captureLog) */
  logLines: () => any[]
  close: () => Promise<void>
}

export function startTestApp(opts?: InProcessOptions): Promise<InProcessApp>
export function startTestApp(opts: ChildOptions): Promise<ChildApp>
export function startTestApp(opts: InProcessOptions | ChildOptions = {}): Promise<InProcessApp | ChildApp> {
  return opts.mode === 'child' ? spawnApp(opts) : startInProcessApp(opts)
}

/** H5_DIR of a test server: the build, or a folder that does not exist (the API answers alone). */
export function h5DirFor(h5: boolean | undefined, dir: string): string {
  return h5 ? path.join(ROOT, 'dist/h5') : path.join(dir, 'no-h5')
}

async function startInProcessApp(opts: InProcessOptions): Promise<InProcessApp> {
  const store = await tempStore({ kind: opts.store, prefix: opts.tmpPrefix, dataDir: opts.dataDir })
  const config = loadConfig({
    ...store.env,
    H5_DIR: h5DirFor(opts.h5, store.dir),
    LOG_LEVEL: opts.logLevel ?? 'silent',
    ...(opts.loadShedding ? {} : NO_LOAD_SHEDDING),
    ...READING_OFF,
    ...opts.env
  })
  const chunks: string[] = []
  const logStream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk))
      done()
    }
  })
  let built: FastifyInstance | undefined
  try {
    built = await buildApp(config, opts.captureLog ? { logStream } : {})
    await built.listen({ port: 0, host: '127.0.0.1' })
  } catch (e) {
    // a server that failed to start leaves nothing behind either
    await built?.close()
    await store.drop()
    throw e
  }
  const app = built
  const { port } = app.server.address() as AddressInfo
  const logText = () => chunks.join('')
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    dir: store.dir,
    config,
    logText,
    logLines: () =>
      logText()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    close: async () => {
      await app.close()
      await store.drop()
    }
  }
}
