// Builds a Taro target (h5 or weapp) when dist/<target> is missing or older than its sources, judged by
// a content hash of everything the build reads, so `npm start` and `npm test` never use a stale app.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'

const root = new URL('..', import.meta.url).pathname
const SOURCES = ['src', 'config', 'types', 'package.json', 'babel.config.js', 'tsconfig.json']

function* files(path) {
  if (!existsSync(path)) return
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* files(join(path, name))
  } else {
    yield path
  }
}

export function sourceHash(env = process.env) {
  const hash = createHash('sha256')
  hash.update(`api-base:${env.TARO_APP_API_BASE ?? ''}\n`)
  for (const top of SOURCES) {
    for (const file of files(join(root, top))) {
      hash.update(relative(root, file))
      hash.update(readFileSync(file))
    }
  }
  return hash.digest('hex')
}

const ENTRY = { h5: 'index.html', weapp: 'app.json' }

export function ensureBuild(target, { log = console.log } = {}) {
  const stampFile = join(root, `dist/${target}/.build-stamp`)
  const wanted = sourceHash()
  if (existsSync(join(root, `dist/${target}`, ENTRY[target])) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) {
    return false
  }
  log(`构建 ${target} / building the ${target} app (about 20 s)…`)
  const started = Date.now()
  const result = spawnSync(join(root, 'node_modules/.bin/taro'), ['build', '--type', target], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' }
  })
  if (result.status !== 0) {
    process.stderr.write(result.stdout)
    process.stderr.write(result.stderr)
    throw new Error(`${target} build failed`)
  }
  writeFileSync(stampFile, wanted)
  log(`${target} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return true
}

export const ensureH5Build = (opts) => ensureBuild('h5', opts)
