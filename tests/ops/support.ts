// Shared bits of the ops tests: a server built in-process (optionally with its log captured), and a real
// `tsx server/main.ts` process on a temp DATA_DIR and a free port.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { NO_LOAD_SHEDDING } from '../api/helpers'

export const ROOT = path.resolve(__dirname, '../..')

export async function tempDir(prefix = 'appeal-ops-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix))
}

export interface OpsServer {
  app: FastifyInstance
  base: string
  dir: string
  config: Config
  logLines: () => any[]
  close: () => Promise<void>
}

export async function startInProcess(env: Record<string, string> = {}, opts: { captureLog?: boolean } = {}): Promise<OpsServer> {
  const dir = env.DATA_DIR ?? (await tempDir())
  // load shedding off unless a test asks for it: on a loaded CI machine the event-loop delay alone trips 503s
  const config = loadConfig({ DATA_DIR: dir, H5_DIR: path.join(dir, 'no-h5'), LOG_LEVEL: opts.captureLog ? 'info' : 'silent', ...NO_LOAD_SHEDDING, ...env })
  const chunks: string[] = []
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString())
      cb()
    }
  })
  const app = await buildApp(config, opts.captureLog ? { logStream } : {})
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    dir,
    config,
    logLines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    close: async () => {
      await app.close()
      if (!env.DATA_DIR) await rm(dir, { recursive: true, force: true })
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export interface Spawned {
  child: ChildProcess
  base: string
  stdout: () => string
  stderr: () => string
  /** resolves with the exit code */
  exited: Promise<number | null>
}

/** Spawns the real server (`tsx server/main.ts`) and waits until it prints that it listens. */
export async function spawnServer(env: Record<string, string>, opts: { waitListening?: boolean } = {}): Promise<Spawned> {
  const port = env.PORT ?? String(await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: port } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d.toString()))
  child.stderr!.on('data', (d) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const spawned: Spawned = { child, base: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited }
  if (opts.waitListening === false) return spawned
  await new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (out.includes('API listening')) {
        child.stdout!.off('data', onData)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    onData()
    exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${err}`)))
  })
  return spawned
}
