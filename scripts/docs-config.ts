// npm run docs:config — writes the settings table into README.md (between the config markers) and .env.example.
// With --check, changes nothing and exits 1 when either is out of date.
import path from 'node:path'
import fs from 'node:fs'
import { configDocFiles, renderEnvExample, withConfigTable, writeConfigDocs } from '../server/ops/config-docs'

const root = path.resolve(__dirname, '..')
if (process.argv.includes('--check')) {
  const f = configDocFiles(root)
  const readme = fs.readFileSync(f.readme, 'utf8')
  const env = fs.existsSync(f.envExample) ? fs.readFileSync(f.envExample, 'utf8') : ''
  const stale = [withConfigTable(readme) !== readme ? 'README.md' : '', env !== renderEnvExample() ? '.env.example' : ''].filter(Boolean)
  if (stale.length) {
    console.error(`out of date: ${stale.join(', ')} — run npm run docs:config`)
    process.exit(1)
  }
  console.log('README.md and .env.example match server/config.ts')
} else {
  const changed = writeConfigDocs(root)
  console.log(changed.length ? `updated ${changed.join(', ')}` : 'already up to date')
}
