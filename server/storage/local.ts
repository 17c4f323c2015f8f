// Evidence on this machine's disk, under DATA_DIR (the default; one machine, or several sharing a file system).
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { assertKey, type EvidenceStore, type ListedObject, type StoredObject } from './store'

/** in-progress writes carry this suffix; listings and backups skip them */
export const PARTIAL_SUFFIX = '.part'

export function localStore(root: string): EvidenceStore {
  const where = (key: string): string => {
    assertKey(key)
    return path.join(root, key)
  }
  return {
    kind: 'local',
    async put(key, bytes) {
      const target = where(key)
      await fsp.mkdir(path.dirname(target), { recursive: true })
      // written aside and renamed: a concurrent reader (or a crash) never sees a truncated screenshot
      const tmp = `${target}.${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`
      try {
        await fsp.writeFile(tmp, bytes, { flag: 'wx' })
        await fsp.rename(tmp, target)
      } catch (err) {
        await fsp.rm(tmp, { force: true })
        throw err
      }
    },
    async get(key): Promise<StoredObject | null> {
      let handle: fsp.FileHandle
      try {
        handle = await fsp.open(where(key), 'r')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
      // opened before answering, so a missing file is a 404 and not a stream that fails half-way
      const { size } = await handle.stat()
      return { body: handle.createReadStream(), size }
    },
    async exists(key) {
      try {
        return (await fsp.stat(where(key))).isFile()
      } catch {
        return false
      }
    },
    async delete(key) {
      await fsp.rm(where(key), { force: true })
    },
    async *list(prefix): AsyncIterable<ListedObject> {
      const dir = path.join(root, prefix)
      if (!fs.existsSync(dir)) return
      for (const name of await fsp.readdir(dir)) {
        if (name.endsWith(PARTIAL_SUFFIX)) continue
        let stat: fs.Stats
        try {
          stat = await fsp.stat(path.join(dir, name))
        } catch {
          continue // deleted since the listing
        }
        if (stat.isFile()) yield { key: prefix + name, modifiedAt: stat.mtime }
      }
    }
  }
}
