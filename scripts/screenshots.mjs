// `npm run screenshots`: regenerate the README pictures (docs/screenshots/*.png). They are tracked files, so
// `npm test` never writes them (its copies go to test-artifacts/readme); this runs the e2e suites that take
// them with README_SCREENSHOTS=1 and then checks that every picture the README shows was written anew.
// Needs a font with Chinese glyphs: the e2e support refuses to take README pictures with boxes for text.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBuild } from './taro-build.mjs'

const root = new URL('..', import.meta.url).pathname
const SUITES = ['tests/e2e/citizen.test.ts', 'tests/e2e/appeal-loop.test.ts', 'tests/e2e/reviewer.test.ts']

ensureBuild('h5')
// file times have a coarser grain on some file systems than Date.now()
const started = Date.now() - 2000
const jest = spawnSync(join(root, 'node_modules/.bin/jest'), ['--ci', '--selectProjects', 'e2e', '--', ...SUITES], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', README_SCREENSHOTS: '1' }
})
if (jest.status !== 0) {
  console.error('screenshots: the e2e suites failed; docs/screenshots may be partly rewritten (git diff docs/screenshots)')
  process.exit(jest.status ?? 1)
}

const shown = [...new Set([...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/docs\/screenshots\/[\w.-]+\.png/g)].map((m) => m[0]))]
const stale = shown.filter((p) => !existsSync(join(root, p)) || statSync(join(root, p)).mtimeMs < started)
if (stale.length) {
  console.error(`screenshots: no suite wrote ${stale.join(', ')}`)
  process.exit(1)
}
console.log(`screenshots: ${shown.length} README pictures written to docs/screenshots (review them with git diff before committing)`)
