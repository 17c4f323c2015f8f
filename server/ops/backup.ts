// Online backup and restore of a SQLite deployment: the database through SQLite's online backup API
// (better-sqlite3 db.backup(): a consistent snapshot while the server keeps writing) plus the evidence files
// (DATA_DIR/files), in one .tar.gz made by the system `tar`:
//   manifest.json            {format, createdAt, schemaVersion, appeals, files}
//   appeals.sqlite           the snapshot
//   files/<upload id>        the evidence
// The snapshot is taken first, the files after it, so every file the snapshot refers to is in the archive
// (uploads are written to disk before their row is committed).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import type { Config } from '../config'
import { sqliteFile } from '../db/dialect'

export const BACKUP_FORMAT = 'popup-appeal-backup/1'

function tar(args: string[]): void {
  const r = spawnSync('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.error) throw new Error(`tar could not run: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString().trim()}`)
}

export interface BackupSummary {
  file: string
  appeals: number
  files: number
  schemaVersion: string | null
}

export async function backup(config: Pick<Config, 'dataDir' | 'databaseUrl'>, out: string): Promise<BackupSummary> {
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/operations.md), and copy DATA_DIR/files')
  const dbFile = sqliteFile(config)
  if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile}`)
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
    try {
      if (snap.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('the snapshot failed its integrity check')
      appeals = (snap.prepare('SELECT count(*) AS n FROM appeals').get() as { n: number }).n
      schemaVersion = (snap.prepare('SELECT max(name) AS v FROM schema_migrations').get() as { v: string | null }).v
    } finally {
      snap.close()
    }
    // evidence: hard links where possible (no copy), else copies
    const filesSrc = path.join(config.dataDir, 'files')
    const filesDst = path.join(staging, 'files')
    fs.mkdirSync(filesDst)
    let files = 0
    if (fs.existsSync(filesSrc)) {
      for (const name of fs.readdirSync(filesSrc)) {
        const from = path.join(filesSrc, name)
        if (!fs.statSync(from).isFile()) continue
        try {
          fs.linkSync(from, path.join(filesDst, name))
        } catch {
          fs.copyFileSync(from, path.join(filesDst, name))
        }
        files++
      }
    }
    fs.writeFileSync(
      path.join(staging, 'manifest.json'),
      JSON.stringify({ format: BACKUP_FORMAT, createdAt: new Date().toISOString(), schemaVersion, appeals, files }, null, 2)
    )
    const tmp = target + '.partial'
    tar(['-czf', tmp, '-C', staging, 'manifest.json', 'appeals.sqlite', 'files'])
    fs.renameSync(tmp, target)
    return { file: target, appeals, files, schemaVersion }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

export async function restore(config: Pick<Config, 'dataDir' | 'databaseUrl'>, archive: string): Promise<BackupSummary> {
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: restore PostgreSQL with pg_restore (docs/operations.md)')
  const file = path.resolve(archive)
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`)
  const dir = config.dataDir
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`DATA_DIR ${dir} is not empty: restore only into an empty directory`)
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'appeal-restore-'))
  try {
    tar(['-xzf', file, '-C', staging])
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, 'manifest.json'), 'utf8'))
    if (manifest.format !== BACKUP_FORMAT) throw new Error(`not a backup of this service (format ${String(manifest.format)})`)
    const db = new SQLite(path.join(staging, 'appeals.sqlite'), { readonly: true })
    try {
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('the backed-up database failed its integrity check')
    } finally {
      db.close()
    }
    fs.mkdirSync(dir, { recursive: true })
    fs.cpSync(path.join(staging, 'appeals.sqlite'), path.join(dir, 'appeals.sqlite'))
    fs.cpSync(path.join(staging, 'files'), path.join(dir, 'files'), { recursive: true })
    return { file, appeals: manifest.appeals, files: manifest.files, schemaVersion: manifest.schemaVersion }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}
