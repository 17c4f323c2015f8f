import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { startTestApp } from '../../support/testApp'

const root = resolve(__dirname, '../../..')
const tsx = join(root, 'node_modules/.bin/tsx')

export interface RunningServer {
  url: string
  dataDir: string
  output: () => string
  stop: () => Promise<void>
}

export function addReviewer(dataDir: string, args: string[]): void {
  const result = spawnSync(tsx, [join(root, 'server/cli/reviewer-add.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8'
  })
  if (result.status !== 0) throw new Error(`reviewer:add failed: ${result.stderr}${result.stdout}`)
}

/**
 * The production entry point (`server/main.ts`, NODE_ENV=production) serving the H5 build, on a fresh data
 * directory and a free port: tests/support/testApp.ts in child mode; `env` has the last word.
 */
export async function startServer(prepare?: (dataDir: string) => void, env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startTestApp({ mode: 'child', store: 'sqlite', tmpPrefix: 'appeal-e2e-', prepare, h5: true, inheritEnv: true, waitFor: 'http', env: { NODE_ENV: 'production', ...env } })
  return { url: s.base, dataDir: s.dir, output: s.output, stop: () => s.stop() }
}
