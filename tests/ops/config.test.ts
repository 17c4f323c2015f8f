// One schema for every setting: README table and .env.example generated from it, defaults that run,
// and a bad setting at boot names itself and stops the process.
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig, SETTINGS, ConfigError } from '../../server/config'
import { renderEnvExample, withConfigTable } from '../../server/ops/config-docs'
import { ROOT, spawnServer, tempDir } from './support'

describe('configuration schema', () => {
  it('README.md and .env.example match the schema (run npm run docs:config after changing a setting)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(withConfigTable(readme)).toBe(readme)
    expect(fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8')).toBe(renderEnvExample())
  })

  it('every setting has a unique variable, a description, and a default that loads', () => {
    const rows = Object.values(SETTINGS)
    expect(new Set(rows.map((s) => s.env)).size).toBe(rows.length)
    for (const s of rows) expect(s.description.length).toBeGreaterThan(10)
    const defaults = Object.fromEntries(rows.map((s) => [s.env, s.default]))
    expect(loadConfig(defaults)).toEqual(loadConfig({}))
  })

  it('a bad value throws a ConfigError naming the setting and the reason', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'x', SHUTDOWN_GRACE_MS: '5' })).toThrow(ConfigError)
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '5' })).toThrow(/SHUTDOWN_GRACE_MS.*between 100 and 600000/)
  })

  it('the server refuses to start with a bad PORT, saying which setting and why, exit code non-zero', async () => {
    const dir = await tempDir()
    try {
      const s = await spawnServer({ DATA_DIR: dir, PORT: 'eighty' }, { waitListening: false })
      const code = await s.exited
      expect(code).not.toBe(0)
      expect(s.stderr()).toContain('PORT')
      expect(s.stderr()).toContain('expected an integer between 0 and 65535, got "eighty"')
      expect(s.stdout()).not.toContain('API listening')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
