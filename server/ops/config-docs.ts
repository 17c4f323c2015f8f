// Renders the settings table (server/config.ts SETTINGS) as the README table and as .env.example.
// `npm run docs:config` writes both; tests/ops/config.test.ts fails when either drifts from the schema.
import fs from 'node:fs'
import path from 'node:path'
import { SETTINGS, type Setting } from '../config'

export const START = '<!-- config:start -->'
export const END = '<!-- config:end -->'

function rows(): Setting<unknown>[] {
  return Object.values(SETTINGS) as Setting<unknown>[]
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

export function renderConfigTable(): string {
  const lines = [
    '| variable | type | default | what it does |',
    '|---|---|---|---|',
    ...rows().map((s) => `| \`${s.env}\` | ${s.type} | ${s.default === '' ? '(unset)' : `\`${cell(s.default)}\``} | ${cell(s.description)} |`)
  ]
  return lines.join('\n')
}

export function renderEnvExample(): string {
  const out = ['# Generated from server/config.ts by `npm run docs:config`; every line shows the default.', '']
  for (const s of rows()) {
    out.push(`# ${s.description} (${s.type.replace(/\\\|/g, '|')})`)
    out.push(`${s.env}=${s.secret ? '' : s.default}`)
    out.push('')
  }
  return out.join('\n')
}

/** README with the table between the markers replaced; throws when the markers are missing. */
export function withConfigTable(readme: string): string {
  const a = readme.indexOf(START)
  const b = readme.indexOf(END)
  if (a < 0 || b < a) throw new Error(`README.md needs the markers ${START} and ${END}`)
  return readme.slice(0, a + START.length) + '\n' + renderConfigTable() + '\n' + readme.slice(b)
}

export function configDocFiles(root: string): { readme: string; envExample: string } {
  return { readme: path.join(root, 'README.md'), envExample: path.join(root, '.env.example') }
}

/** Writes README.md's table and .env.example; returns the files that changed. */
export function writeConfigDocs(root: string): string[] {
  const f = configDocFiles(root)
  const changed: string[] = []
  const readme = fs.readFileSync(f.readme, 'utf8')
  const nextReadme = withConfigTable(readme)
  if (nextReadme !== readme) {
    fs.writeFileSync(f.readme, nextReadme)
    changed.push('README.md')
  }
  const env = fs.existsSync(f.envExample) ? fs.readFileSync(f.envExample, 'utf8') : ''
  const nextEnv = renderEnvExample()
  if (env !== nextEnv) {
    fs.writeFileSync(f.envExample, nextEnv)
    changed.push('.env.example')
  }
  return changed
}
