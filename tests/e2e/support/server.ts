import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '../../..')
const tsx = join(root, 'node_modules/.bin/tsx')

export interface RunningServer {
  url: string
  dataDir: string
  output: () => string
  stop: () => Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer()
    probe.once('error', rej)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => res(port))
    })
  })
}

export function addReviewer(dataDir: string, args: string[]): void {
  const result = spawnSync(tsx, [join(root, 'server/cli/reviewer-add.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8'
  })
  if (result.status !== 0) throw new Error(`reviewer:add failed: ${result.stderr}${result.stdout}`)
}

/** The production entry point (`server/main.ts`) on a fresh data directory and a free port. */
export async function startServer(prepare?: (dataDir: string) => void): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'appeal-e2e-'))
  prepare?.(dataDir)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let out = ''
  // node with the tsx loader, not the tsx wrapper: a signal must reach the server process itself
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', H5_DIR: join(root, 'dist/h5') },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`)
    try {
      const res = await fetch(`${url}/`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // never leave a late server behind: an orphan keeps jest from exiting
      child.kill('SIGKILL')
      throw new Error(`server did not start within 60 s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
