// Objects that no upload row names: the process stopped between storing a screenshot and committing its row
// (the row is the commit point), or between deleting a row and its objects. Nothing can reach them through
// the API; this sweep deletes them once they are older than UPLOAD_ORPHAN_HOURS, so an upload still on its
// way to its row is never touched.
import type { Kysely } from 'kysely'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { EVIDENCE_PREFIX } from './store'
import { storageFor, type StorageConfig } from './index'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const BATCH = 500
/** a full listing costs one request per 1,000 objects: once an hour per process is plenty for a crash's leftovers */
const EVERY_MS = 3600_000

const lastRun = new WeakMap<object, number>()

/** Deletes objects older than the orphan age whose upload row does not exist; returns how many. Throttled per store. */
export async function purgeUnreferencedObjects(
  db: Kysely<Database>,
  config: StorageConfig & Pick<Config, 'uploadOrphanHours'>,
  now = new Date()
): Promise<number> {
  const store = storageFor(config)
  const last = lastRun.get(store)
  if (last !== undefined && Math.abs(now.getTime() - last) < EVERY_MS) return 0
  lastRun.set(store, now.getTime())
  const before = now.getTime() - config.uploadOrphanHours * 3600_000
  let deleted = 0
  let batch: { key: string; id: string }[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const ids = [...new Set(batch.map((o) => o.id))]
    const rows = await db.selectFrom('uploads').select('id').where('id', 'in', ids).execute()
    const known = new Set(rows.map((r) => r.id))
    for (const o of batch) {
      if (known.has(o.id)) continue
      await store.delete(o.key)
      deleted++
    }
    batch = []
  }
  for await (const o of store.list(EVIDENCE_PREFIX)) {
    const id = o.key.slice(EVIDENCE_PREFIX.length).replace(/\.thumb$/, '')
    // only what this service writes, and only once it is old enough that its row would exist by now
    if (!UUID.test(id) || o.modifiedAt.getTime() >= before) continue
    batch.push({ key: o.key, id })
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  return deleted
}
