/**
 * @jest-environment node
 */
// A fresh clone has nothing beside it: no file of the project may reach into a sibling "shared" folder
// (it once held the sample screenshots; they live in tests/fixtures now). The needle is assembled at run
// time so that this file does not match itself.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(__dirname, '../..')
const ROOTS = ['src', 'server', 'tests', 'scripts', 'bench', 'config', 'types', '.ci', 'docs', 'package.json', 'README.md', 'jest.config.js', 'babel.config.js', 'tsconfig.json', 'project.config.json']
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-artifacts', '.taro-cache', '.swc'])
const BINARY = /\.(png|jpe?g|gif|webp|ico|woff2?|ttf|br|gz|zip)$/i

const UP = '..'
const SHARED = 'shared'
// the sibling folder written as one relative path, or as path segments (resolve(__dirname, UP, SHARED))
const PATTERNS = [
  new RegExp(`${UP.replace(/\./g, '\\.')}[/\\\\]${SHARED}\\b`),
  new RegExp(`['"\`]${UP.replace(/\./g, '\\.')}['"\`]\\s*,\\s*['"\`]${SHARED}['"\`]`)
]

function offendingLines(text: string): number[] {
  const lines: number[] = []
  text.split('\n').forEach((line, i) => {
    if (PATTERNS.some((p) => p.test(line))) lines.push(i + 1)
  })
  return lines
}

function* walk(path: string): Generator<string> {
  let st
  try {
    st = statSync(path)
  } catch {
    return // a listed root that this checkout does not have
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (!SKIP_DIRS.has(name)) yield* walk(join(path, name))
    }
  } else if (!BINARY.test(path)) {
    yield path
  }
}

test('the detector catches both spellings and leaves look-alikes alone', () => {
  expect(offendingLines(`const a = resolve(__dirname, '${UP}/${UP}/${SHARED}/samples')`)).toEqual([1])
  expect(offendingLines(`x\nconst b = path.join(root, '${UP}', '${SHARED}', 'samples')`)).toEqual([2])
  expect(offendingLines('import { x } from "@tarojs/shared"\n// state shared by every poll\nsrc/shared/ui')).toEqual([])
})

test('no project file reads the sibling shared folder', () => {
  const hits: string[] = []
  let scanned = 0
  for (const top of ROOTS) {
    for (const file of walk(join(root, top))) {
      scanned++
      for (const line of offendingLines(readFileSync(file, 'utf8'))) hits.push(`${relative(root, file)}:${line}`)
    }
  }
  // the walk really covered the tree (a wrong root would pass vacuously)
  expect(scanned).toBeGreaterThan(200)
  expect(hits).toEqual([])
})
