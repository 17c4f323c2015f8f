// `npm test`: type-check, make sure the H5 build is current (the e2e suite drives it), then jest.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBuild } from './taro-build.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = (name) => join(root, 'node_modules/.bin', name)
const args = process.argv.slice(2)

function run(cmd, cmdArgs, env = process.env) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

console.log('— typecheck')
run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])
// the e2e suites drive the h5 build; the weapp smoke test renders the weapp build
ensureBuild('h5')
ensureBuild('weapp')
console.log('— jest')
mkdirSync(join(root, 'test-artifacts'), { recursive: true })
const report = join(root, 'test-artifacts/jest.json')
const jest = spawnSync(bin('jest'), ['--ci', '--json', `--outputFile=${report}`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' }
})
// one plain closing line that any CI reader understands
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
} catch {
  console.log('jest: 0 passed, 1 failed')
}
process.exit(jest.status ?? 1)
