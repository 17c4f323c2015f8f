// npm run backup -- <file.tar.gz>    online backup of DATA_DIR (SQLite + evidence files) while the server runs
// npm run restore -- <file.tar.gz>   restore into an EMPTY DATA_DIR (then start the server on it)
import { loadConfig } from '../config'
import { backup, restore } from './backup'

async function run(): Promise<void> {
  const [cmd, file] = process.argv.slice(2)
  if ((cmd !== 'backup' && cmd !== 'restore') || !file) {
    throw new Error('usage: npm run backup -- <file.tar.gz> | npm run restore -- <file.tar.gz>')
  }
  const config = loadConfig()
  const r = cmd === 'backup' ? await backup(config, file) : await restore(config, file)
  process.stdout.write(
    `${cmd === 'backup' ? 'backed up' : 'restored'} ${r.appeals} appeals, ${r.files} files, schema ${r.schemaVersion ?? '-'}: ${r.file}` +
      (cmd === 'restore' ? ` → ${config.dataDir}` : '') +
      '\n'
  )
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
