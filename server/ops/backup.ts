// Online backup and restore of a SQLite deployment: the database through SQLite's online backup API
// (better-sqlite3 db.backup(): a consistent snapshot while the server keeps writing), the evidence files
// (DATA_DIR/files) and the keys, in one .tar.gz made by the system `tar`:
//   manifest.json            {format, createdAt, schemaVersion, appeals, files, keys: fingerprints only}
//   appeals.sqlite           the snapshot
//   files/<upload id>        the evidence
//   keys.sealed.json         the data keyring and the receipt key, sealed under the operator's passphrase
//                            (scrypt → AES-256-GCM); absent in a `--without-keys` backup
// The snapshot is taken first, the files after it, so every file the snapshot refers to is in the archive
// (uploads are stored before their row is committed). With STORAGE=s3 the bucket's objects are downloaded
// into files/ (server/storage/backup.ts), so the archive restores onto a local DATA_DIR as well.
//
// Key policy (docs/operations.md, "Keys in backups"): a database without its keys is unreadable, so a backup
// carries them, but never in clear: a stolen archive without the passphrase gives ciphertext only. The
// manifest always names the keys by fingerprint (data key ids, receipt key fingerprint), so a restore can
// check the keys it is given (sealed, or kept apart by the operator) before writing anything.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { sqliteFile } from '../db/dialect'
import type { Database } from '../db/schema'
import { dataKeyIdsInUse } from '../crypto/key-check'
import { keyringPath, parseKeyringJson, resolveKeys, type KeyringFile } from '../crypto/keyring'
import { existingReceiptKey, receiptKeyFile, receiptKeyFingerprint } from '../receipts/service'
import { copyEvidence } from '../storage/backup'
import { aadOf, BACKUP_FORMAT, BackupError, KEY_FILES, MIN_PASSPHRASE_LENGTH, readManifest, SEALED_FILE, type KeyConfig, type Manifest, type ManifestKeys, type SealedFile, type SealedKeys } from './backup-format'
import { openKeys, sealKeys } from './backup-seal'
import type { StorageConfig } from '../storage'

export { BACKUP_FORMAT, BackupError, MIN_PASSPHRASE_LENGTH, openKeys, sealKeys, type Manifest, type ManifestKeys }

function tar(args: string[]): void {
  const r = spawnSync('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.error) throw new Error(`tar could not run: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString().trim()}`)
}

function sortedKids(ring: KeyringFile): string[] {
  return Object.keys(ring.keys).sort()
}

export interface BackupSummary {
  file: string
  appeals: number
  files: number
  schemaVersion: string | null
  keys: ManifestKeys
}

export interface BackupOptions {
  /** seals the keys into the archive; required unless withoutKeys */
  passphrase: string | null
  /** the operator keeps the keys apart: the archive holds their fingerprints only */
  withoutKeys?: boolean
}

export async function backup(config: KeyConfig & StorageConfig, out: string, opts: BackupOptions): Promise<BackupSummary> {
  if (config.databaseUrl) throw new BackupError('DATABASE_URL is set: back up PostgreSQL with pg_dump and the evidence as docs/operations.md describes')
  if (!opts.withoutKeys) {
    if (!opts.passphrase) {
      throw new BackupError(
        'refusing to back up without a passphrase: the keys go into the backup sealed under it. Set BACKUP_PASSPHRASE ' +
          'or give --passphrase-file PATH; or pass --without-keys and keep DATA_DIR/data.key, keys.json and receipt.key ' +
          '(or DATA_KEY / DATA_KEYS / RECEIPT_KEY) safe yourself.'
      )
    }
    if (opts.passphrase.length < MIN_PASSPHRASE_LENGTH) throw new BackupError(`the passphrase is too short: at least ${MIN_PASSPHRASE_LENGTH} characters`)
  }
  const dbFile = sqliteFile(config)
  if (!fs.existsSync(dbFile)) throw new BackupError(`no database at ${dbFile}`)
  // the keys this deployment uses, as its server resolves them (the CLI must run with the server's environment)
  const resolved = resolveKeys(config)
  if (!resolved) {
    throw new BackupError(
      `no data key visible to the backup (DATA_KEY, DATA_KEYS, ${path.join(config.dataDir, 'data.key')} or keys.json): run it with the server's environment`
    )
  }
  const receipt = existingReceiptKey(config)
  const target = path.resolve(out)
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.backup-'))
  try {
    const src = new SQLite(dbFile, { fileMustExist: true })
    src.pragma('busy_timeout = 5000')
    try {
      await src.backup(path.join(staging, 'appeals.sqlite'))
    } finally {
      src.close()
    }
    const snap = new SQLite(path.join(staging, 'appeals.sqlite'), { readonly: true })
    let appeals = 0
    let schemaVersion: string | null = null
    let inUse: string[] = []
    try {
      if (snap.pragma('integrity_check', { simple: true }) !== 'ok') throw new BackupError('the snapshot failed its integrity check')
      appeals = (snap.prepare('SELECT count(*) AS n FROM appeals').get() as { n: number }).n
      schemaVersion = (snap.prepare('SELECT max(name) AS v FROM schema_migrations').get() as { v: string | null }).v
      inUse = await dataKeyIdsInUse(new Kysely<Database>({ dialect: new SqliteDialect({ database: snap }) }))
    } finally {
      snap.close()
    }
    const missing = inUse.filter((k) => !resolved.ring.keys[k])
    if (missing.length > 0) {
      throw new BackupError(
        `the database holds data under data key id(s) ${missing.join(', ')}, which the keys visible here (${sortedKids(resolved.ring).join(', ')}) ` +
          'do not include: run the backup with the keys the server uses'
      )
    }
    if (appeals > 0 && !receipt) {
      throw new BackupError(
        `appeals exist but no receipt key is visible (RECEIPT_KEY, ${receiptKeyFile(config.dataDir)}): run the backup with the server's environment`
      )
    }
    const keys: ManifestKeys = {
      sealed: !opts.withoutKeys,
      dataKeyIds: sortedKids(resolved.ring),
      currentKeyId: resolved.ring.current,
      indexKeyId: resolved.ring.index,
      dataKeyIdsInUse: inUse,
      receiptKeyFingerprint: receipt ? receiptKeyFingerprint(receipt) : null
    }
    const entries = ['manifest.json', 'appeals.sqlite', 'files']
    if (!opts.withoutKeys) {
      const sealed = await sealKeys({ dataKeys: resolved.ring, receiptKey: receipt ? receipt.toString('utf8') : null }, opts.passphrase!, aadOf(keys))
      fs.writeFileSync(path.join(staging, SEALED_FILE), JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600 })
      entries.push(SEALED_FILE)
    }
    // evidence from whichever store the server uses (STORAGE): local files are hard-linked, bucket objects downloaded
    const filesDst = path.join(staging, 'files')
    fs.mkdirSync(filesDst)
    const files = await copyEvidence(config, filesDst)
    const manifest: Manifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), schemaVersion, appeals, files, keys }
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2))
    const tmp = target + '.partial'
    // the archive holds ID numbers and phones (encrypted) and, sealed, the keys: owner-only from the start
    fs.writeFileSync(tmp, '', { mode: 0o600 })
    tar(['-czf', tmp, '-C', staging, ...entries])
    fs.renameSync(tmp, target)
    return { file: target, appeals, files, schemaVersion, keys }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

export interface RestoreSummary {
  file: string
  appeals: number
  files: number
  schemaVersion: string | null
  /** where the restored server's keys come from, for the operator's output */
  keys: string
}

/** Writes the sealed keys as a server reads them: one key → data.key, a rotated keyring → keys.json; all 0600. */
function writeKeyFiles(dir: string, keys: SealedKeys): void {
  const kids = Object.keys(keys.dataKeys.keys)
  if (kids.length === 1) fs.writeFileSync(path.join(dir, 'data.key'), keys.dataKeys.keys[kids[0]] + '\n', { mode: 0o600 })
  else fs.writeFileSync(keyringPath(dir), JSON.stringify(keys.dataKeys, null, 2) + '\n', { mode: 0o600 })
  if (keys.receiptKey !== null) fs.writeFileSync(receiptKeyFile(dir), keys.receiptKey, { mode: 0o600 })
}

/**
 * Restores into an empty DATA_DIR (with keys kept apart, DATA_DIR may already hold only the key files).
 * Everything is checked before anything is written: the archive, the database's integrity, and that the
 * keys the restored server will use (sealed ones opened with the passphrase, or the ones available here)
 * are the ones the manifest and the database name. On any refusal DATA_DIR is left as it was.
 */
export async function restore(config: KeyConfig, archive: string, opts: { passphrase: string | null }): Promise<RestoreSummary> {
  if (config.databaseUrl) throw new BackupError('DATABASE_URL is set: restore PostgreSQL with pg_restore (docs/operations.md)')
  const file = path.resolve(archive)
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`)
  const dir = path.resolve(config.dataDir)
  const existing = fs.existsSync(dir) ? fs.readdirSync(dir) : []
  const strangers = existing.filter((n) => !KEY_FILES.includes(n))
  if (strangers.length > 0) throw new BackupError(`DATA_DIR ${dir} is not empty: restore only into an empty directory`)
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'appeal-restore-'))
  try {
    tar(['-xzf', file, '-C', staging])
    const manifest = readManifest(staging)
    const snapFile = path.join(staging, 'appeals.sqlite')
    if (!fs.existsSync(snapFile)) throw new BackupError('the archive holds no appeals.sqlite')
    const db = new SQLite(snapFile, { readonly: true })
    let inUse: string[]
    let appeals: number
    try {
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new BackupError('the backed-up database failed its integrity check')
      appeals = (db.prepare('SELECT count(*) AS n FROM appeals').get() as { n: number }).n
      inUse = await dataKeyIdsInUse(new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) }))
    } finally {
      db.close()
    }
    const mk = manifest.keys
    const needed = [...new Set([...inUse, ...(mk?.dataKeyIdsInUse ?? []), ...(mk && (inUse.length > 0 || appeals > 0) ? [mk.indexKeyId] : [])])].sort()

    // the keys, staged as files where a sealed backup carries them
    const keyDir = path.join(staging, 'keys')
    fs.mkdirSync(keyDir, { mode: 0o700 })
    let keysFrom: string
    if (mk?.sealed) {
      const present = existing.filter((n) => KEY_FILES.includes(n))
      if (present.length > 0) {
        throw new BackupError(`DATA_DIR ${dir} holds ${present.join(', ')}, but this backup carries its own keys (sealed): restore into an empty directory`)
      }
      if (!opts.passphrase) {
        throw new BackupError(
          'this backup carries its keys sealed under a passphrase: set BACKUP_PASSPHRASE or give --passphrase-file PATH. Nothing was written.'
        )
      }
      const sealed = JSON.parse(fs.readFileSync(path.join(staging, SEALED_FILE), 'utf8')) as SealedFile
      const opened = await openKeys(sealed, opts.passphrase, aadOf(mk))
      // the AAD already binds the fingerprints; checking them again costs nothing and catches a bad writer
      const ring = parseKeyringJson(JSON.stringify(opened.dataKeys), SEALED_FILE)
      const rk = opened.receiptKey === null ? null : receiptKeyFingerprint(Buffer.from(opened.receiptKey, 'utf8'))
      if (sortedKids(ring).join() !== mk.dataKeyIds.join() || ring.index !== mk.indexKeyId || rk !== mk.receiptKeyFingerprint) {
        throw new BackupError('the sealed keys do not match the fingerprints in manifest.json. Nothing was written.')
      }
      writeKeyFiles(keyDir, opened)
      keysFrom = 'the sealed keys in the backup'
    } else {
      for (const n of existing) fs.copyFileSync(path.join(dir, n), path.join(keyDir, n))
      keysFrom = 'the keys kept apart'
    }

    // what a server started on the restored DATA_DIR, in this environment, will use
    const target = { dataDir: keyDir, dataKey: config.dataKey, dataKeys: config.dataKeys, receiptKey: config.receiptKey }
    const resolved = resolveKeys(target)
    const available = new Set(resolved ? Object.keys(resolved.ring.keys) : [])
    const problems: string[] = []
    const missing = needed.filter((k) => !available.has(k))
    if (missing.length > 0) problems.push(`data key id(s) ${missing.join(', ')}`)
    if (mk && resolved && needed.length > 0 && resolved.ring.index !== mk.indexKeyId && available.has(mk.indexKeyId)) {
      problems.push(`a keyring whose index key is ${mk.indexKeyId} (the keys here make ${resolved.ring.index} the index)`)
    }
    const receipt = existingReceiptKey(target)
    const receiptFp = mk?.receiptKeyFingerprint ?? null
    if (receiptFp && (!receipt || receiptKeyFingerprint(receipt) !== receiptFp)) {
      problems.push(`the receipt key with fingerprint ${receiptFp}` + (receipt ? ` (the one here is ${receiptKeyFingerprint(receipt)})` : ''))
    } else if (!receiptFp && appeals > 0 && !receipt) {
      problems.push('a receipt key (the backup names none)')
    }
    if (problems.length > 0) {
      const overriding = [config.dataKey ? 'DATA_KEY' : null, config.dataKeys ? 'DATA_KEYS' : null, config.receiptKey ? 'RECEIPT_KEY' : null].filter(Boolean)
      throw new BackupError(
        `refusing to restore: the restored server would lack ${problems.join('; ')}. ` +
          (mk?.sealed
            ? overriding.length > 0
              ? `${overriding.join(', ')} set in this environment override(s) the keys restored from the backup: unset them or set them to the backed-up keys. `
              : ''
            : `Put the kept keys into ${dir} (data.key or keys.json, receipt.key; mode 0600) or set DATA_KEY / DATA_KEYS / RECEIPT_KEY, then run the restore again. `) +
          'Nothing was written.'
      )
    }

    // everything checked: move into place. Staged beside DATA_DIR (same filesystem), then renamed, the key
    // files and evidence first and the database last, so a server never sees a database without its keys.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    const partial = fs.mkdtempSync(path.join(dir, '.restore-partial-'))
    try {
      fs.cpSync(path.join(staging, 'files'), path.join(partial, 'files'), { recursive: true })
      fs.copyFileSync(snapFile, path.join(partial, 'appeals.sqlite'))
      if (mk?.sealed) for (const n of fs.readdirSync(keyDir)) fs.copyFileSync(path.join(keyDir, n), path.join(partial, n))
      for (const n of fs.readdirSync(partial)) if (KEY_FILES.includes(n)) fs.chmodSync(path.join(partial, n), 0o600)
      for (const n of fs.readdirSync(partial).sort((a, b) => Number(a === 'appeals.sqlite') - Number(b === 'appeals.sqlite'))) {
        fs.renameSync(path.join(partial, n), path.join(dir, n))
      }
    } finally {
      fs.rmSync(partial, { recursive: true, force: true })
    }
    const where = resolved ? resolved.origin.map((o) => (o.startsWith(keyDir) ? path.join(dir, path.basename(o)) : o)).join(' + ') : 'none needed yet'
    return {
      file,
      appeals,
      files: manifest.files,
      schemaVersion: manifest.schemaVersion,
      keys: `data key id(s) ${resolved ? sortedKids(resolved.ring).join(', ') : '-'} from ${keysFrom} (${where})` + (receipt ? `, receipt key ${receiptKeyFingerprint(receipt)}` : '')
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}
