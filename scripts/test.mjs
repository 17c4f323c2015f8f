// `npm test`: type-check, make sure the H5 build is current (the e2e suite drives it), then jest.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ensureH5Build } from './h5-build.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = (name) => join(root, 'node_modules/.bin', name)
const args = process.argv.slice(2)

function run(cmd, cmdArgs, env = process.env) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

console.log('— typecheck')
run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])
ensureH5Build()
console.log('— jest')
run(bin('jest'), ['--ci', ...args], { ...process.env, NODE_ENV: 'test'})
