// Builds a Taro target (h5 or weapp) when dist/<target> is missing or older than its sources, judged by
// a content hash of everything the build reads, so `npm start` and `npm test` never use a stale app.
import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

function isCurrent(target, wanted) {
  const stampFile = join(root, `dist/${target}/.build-stamp`)
  return existsSync(join(root, `dist/${target}`, ENTRY[target])) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted
}

const LOCK_STALE_MS = 10 * 60_000

/**
 * Several processes (a test run, npm start, a second shell) may ask for the same build at once: one builds,
 * the others wait for its lock and then find the build current. A lock left by a killed build goes stale.
 */
function withBuildLock(target, fn) {
  mkdirSync(join(root, 'dist'), { recursive: true })
  const lock = join(root, `dist/.build-${target}.lock`)
  const sleeper = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'))
      break
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { force: true })
      } catch {
        // removed meanwhile by its owner
      }
      Atomics.wait(sleeper, 0, 0, 500)
    }
  }
  try {
    return fn()
  } finally {
    rmSync(lock, { force: true })
  }
}

export function ensureBuild(target, { log = console.log } = {}) {
  const wanted = sourceHash()
  if (isCurrent(target, wanted)) return false
  return withBuildLock(target, () => {
    if (isCurrent(target, wanted)) return false
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
    writeFileSync(join(root, `dist/${target}/.build-stamp`), wanted)
    log(`${target} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return true
  })
}

export const ensureH5Build = (opts) => ensureBuild('h5', opts)
