// `npm start`: build the H5 app if needed, then run the API, which also serves the H5 pages.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ensureH5Build } from './taro-build.mjs'

const root = new URL('..', import.meta.url).pathname

try {
  ensureH5Build()
} catch (error) {
  console.error(`无法构建页面 / ${error.message}`)
  process.exit(1)
}

// one process (node + the tsx loader), so signals reach the server itself, not a wrapper
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' }
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
