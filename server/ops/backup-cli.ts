// npm run backup -- <file.tar.gz> [--passphrase-file PATH | --without-keys]
//   online backup of DATA_DIR (SQLite, evidence files, and the keys sealed under a passphrase) while the server runs
// npm run restore -- <file.tar.gz> [--passphrase-file PATH]
//   restore into an EMPTY DATA_DIR (then start the server on it)
// The passphrase comes from BACKUP_PASSPHRASE or a file, never from the command line: arguments are visible
// to every user of the machine (ps) and end up in shell history.
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { backup, BackupError, restore } from './backup'

const USAGE =
  'usage: npm run backup -- <file.tar.gz> [--passphrase-file PATH | --without-keys]\n' +
  '       npm run restore -- <file.tar.gz> [--passphrase-file PATH]\n' +
  '(the passphrase: BACKUP_PASSPHRASE in the environment, or --passphrase-file PATH)'

function passphraseFrom(file: string | undefined, env: Record<string, string | undefined>): string | null {
  if (file !== undefined) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (err) {
      throw new BackupError(`--passphrase-file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`)
    }
    // one trailing newline is the editor's, not the passphrase's
    const p = text.replace(/\r?\n$/, '')
    if (!p) throw new BackupError(`--passphrase-file ${file} is empty`)
    return p
  }
  return env.BACKUP_PASSPHRASE ? env.BACKUP_PASSPHRASE : null
}

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  if (argv.some((a) => a === '--passphrase' || a.startsWith('--passphrase='))) {
    throw new BackupError('never put the passphrase on the command line (ps and shell history show it): use BACKUP_PASSPHRASE or --passphrase-file PATH')
  }
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { 'passphrase-file': { type: 'string' }, 'without-keys': { type: 'boolean', default: false } }
    })
  } catch (err) {
    throw new BackupError(`${(err as Error).message}\n${USAGE}`)
  }
  const [cmd, file, ...rest] = parsed.positionals
  const { values } = parsed
  if ((cmd !== 'backup' && cmd !== 'restore') || !file || rest.length > 0) throw new BackupError(USAGE)
  if (cmd === 'restore' && values['without-keys']) throw new BackupError(`--without-keys is a backup option\n${USAGE}`)
  const passphrase = passphraseFrom(values['passphrase-file'], env)
  const config = loadConfig(env)
  if (cmd === 'backup') {
    if (values['without-keys'] && passphrase) throw new BackupError('--without-keys and a passphrase: choose one (the passphrase seals the keys into the backup)')
    const r = await backup(config, file, { passphrase, withoutKeys: values['without-keys'] })
    const k = r.keys
    return [
      `backed up ${r.appeals} appeals, ${r.files} files, schema ${r.schemaVersion ?? '-'}: ${r.file}`,
      `keys: data key id(s) ${k.dataKeyIds.join(', ')} (current ${k.currentKeyId}, index ${k.indexKeyId}), receipt key ${k.receiptKeyFingerprint ?? '-'}: ` +
        (k.sealed ? 'sealed in the backup under the passphrase' : 'NOT in the backup (--without-keys): keep them safe apart from it')
    ].join('\n')
  }
  const r = await restore(config, file, { passphrase })
  return [
    `restored ${r.appeals} appeals, ${r.files} files, schema ${r.schemaVersion ?? '-'}: ${r.file} → ${config.dataDir}`,
    `keys: ${r.keys}`
  ].join('\n')
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (out) => process.stdout.write(out + '\n'),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    }
  )
}
