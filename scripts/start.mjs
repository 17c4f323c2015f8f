// `npm start`: build the H5 app if needed, then run the API, which also serves the H5 pages.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { ensureH5Build } from './taro-build.mjs'

const root = new URL('..', import.meta.url).pathname

try {
  ensureH5Build()
} catch (error) {
  console.error(`无法构建页面 / ${error.message}`)
  process.exit(1)
}

// libuv's pool (4 threads by default) carries both the image jobs (sharp) and file writes: with one image job
// per core in flight, file writes would queue behind them on a machine with 4+ cores. The pool is sized when the
// process starts, so it is set here: the image workers plus the default 4. An operator's own value wins.
function threadPoolSize() {
  if (process.env.UV_THREADPOOL_SIZE) return process.env.UV_THREADPOOL_SIZE
  const images = Number(process.env.IMAGE_WORKERS) > 0 ? Number(process.env.IMAGE_WORKERS) : availableParallelism()
  return String(Math.min(images + 4, 1024))
}

// one process (node + the tsx loader), so signals reach the server itself, not a wrapper
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', UV_THREADPOOL_SIZE: threadPoolSize() }
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
