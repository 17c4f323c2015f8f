// The evidence part of a SQLite backup (server/ops/backup.ts): every object under files/ into the staging
// directory's files/, from whichever store the server uses. Called after the database snapshot: an object is
// stored before its row commits, so every screenshot the snapshot names is in the listing.
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { EVIDENCE_PREFIX } from './store'
import { storageFor, type StorageConfig } from './index'

function isGone(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT'
}

/** Local files: hard links where possible (no copy), else copies. */
function linkLocal(config: StorageConfig, dst: string): number {
  const src = path.join(config.dataDir, EVIDENCE_PREFIX)
  if (!fs.existsSync(src)) return 0
  let n = 0
  for (const name of fs.readdirSync(src)) {
    // an upload in progress (<id>….part) is renamed or removed under our feet, and no row refers to it yet
    if (name.endsWith('.part')) continue
    const from = path.join(src, name)
    try {
      if (!fs.statSync(from).isFile()) continue
      try {
        fs.linkSync(from, path.join(dst, name))
      } catch (err) {
        if (isGone(err)) throw err
        fs.copyFileSync(from, path.join(dst, name))
      }
    } catch (err) {
      // deleted since the listing (orphan sweep, retention purge): nothing left to copy
      if (isGone(err)) continue
      throw err
    }
    n++
  }
  return n
}

/** Copies the evidence into `dst` (an existing empty directory); returns how many objects. */
export async function copyEvidence(config: StorageConfig, dst: string): Promise<number> {
  const store = storageFor(config)
  if (store.kind === 'local') return linkLocal(config, dst)
  let n = 0
  for await (const { key } of store.list(EVIDENCE_PREFIX)) {
    const name = key.slice(EVIDENCE_PREFIX.length)
    if (!name || name.includes('/')) continue
    const object = await store.get(key)
    if (!object) continue // purged since the listing
    await pipeline(object.body, fs.createWriteStream(path.join(dst, name), { flags: 'wx', mode: 0o600 }))
    n++
  }
  return n
}
