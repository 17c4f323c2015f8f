// Screenshots: judged by decoding the bytes, re-encoded without metadata, stored under a generated id.
import { createHash, randomUUID } from 'node:crypto'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { UploadResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import type { Db } from '../db/dialect'
import { idempotent, type IdempotencyKey, type Stored } from '../idempotency/service'
import { AppError } from '../errors'
import { bands } from './reuse'
import { processScreenshot } from '../images'
import { evidenceKey, storageFor, type StorageConfig } from '../storage'
import { purgeUnreferencedObjects } from '../storage/orphans'
import { initialReadingStatus } from '../reading/service'
import { uploadStored } from '../reading/wake'

/** The local store's directory (STORAGE=local); with S3 the same keys live in the bucket (server/storage). */
export function filesDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files')
}

/** Where the local store keeps an upload's bytes; meaningful only with STORAGE=local. */
export function filePath(config: Pick<Config, 'dataDir'>, id: string, size: 'full' | 'thumb' = 'full'): string {
  return path.join(config.dataDir, evidenceKey(id, size))
}

/** Both objects of an upload go; safe to repeat. */
export async function deleteUploadObjects(config: StorageConfig, id: string): Promise<void> {
  const store = storageFor(config)
  await store.delete(evidenceKey(id))
  await store.delete(evidenceKey(id, 'thumb'))
}

export { THUMB_WIDTH } from '../images/encode'

/**
 * Stores the screenshot for its owner; on any failure nothing is left behind (no row, no file).
 * With an Idempotency-Key the first upload's answer is stored beside its row: a retry of the same key gets
 * that answer back, and the copy it brought is removed again (the decode is paid twice, the storage never).
 */
export async function storeUpload(
  db: Db,
  config: Config,
  ownerId: string,
  bytes: Buffer,
  idem: IdempotencyKey | null = null
): Promise<Stored<UploadResponse>> {
  if (bytes.length === 0) throw new AppError('UPLOAD_MISSING_FILE')
  if (bytes.length > config.uploadMaxBytes) throw new AppError('UPLOAD_TOO_LARGE')
  // decoded and re-encoded in the image pool (server/images): never the original bytes
  const encoded = await processScreenshot(config, bytes)
  const { thumb, hash } = encoded
  const id = randomUUID()
  const store = storageFor(config)
  const removeFiles = () => deleteUploadObjects(config, id)
  let result: Stored<UploadResponse>
  try {
    // objects first, the row after: the row is the commit point, so no row ever names bytes that are not stored
    await store.put(evidenceKey(id), encoded.data, encoded.mime)
    await store.put(evidenceKey(id, 'thumb'), thumb, 'image/jpeg')
    result = await idempotent(db, idem, 201, async (trx) => {
      await trx
      .insertInto('uploads')
      .values({
        id,
        owner_id: ownerId,
        appeal_id: null,
        mime: encoded.mime,
        width: encoded.width,
        height: encoded.height,
        bytes: encoded.data.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        dhash: hash,
        thumb_mime: 'image/jpeg',
        created_at: new Date().toISOString(),
        // read off the request path (server/reading/jobs.ts); the app polls GET /uploads/:id for the result
        reading_status: initialReadingStatus(config)
      })
      .execute()
      await trx.insertInto('upload_hash_bands').values(bands(hash).map((b) => ({ upload_id: id, ...b }))).execute()
      return { id, width: encoded.width, height: encoded.height, bytes: encoded.data.length }
    })
  } catch (err) {
    // the cause is what the client needs to hear; a store that also fails the clean-up must not replace it
    await removeFiles().catch(() => undefined)
    throw err
  }
  if (result.replayed) await removeFiles()
  else uploadStored(config)
  return result
}

/** Uploads never attached to an appeal within the configured hours: file, thumbnail and row go. */
export async function purgeOrphanUploads(db: Kysely<Database>, config: StorageConfig & Pick<Config, 'uploadOrphanHours'>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - config.uploadOrphanHours * 3600_000).toISOString()
  const stale = await db.selectFrom('uploads').select('id').where('appeal_id', 'is', null).where('created_at', '<', before).limit(500).execute()
  let n = 0
  for (const { id } of stale) {
    const deleted = await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('upload_hash_bands').where('upload_id', '=', id).execute()
      const r = await trx.deleteFrom('uploads').where('id', '=', id).where('appeal_id', 'is', null).executeTakeFirst()
      return Number(r.numDeletedRows) > 0
    })
    if (!deleted) continue // attached meanwhile
    await deleteUploadObjects(config, id)
    n++
  }
  // and objects left without any row by a crash (hourly at most; not counted: there was no upload to purge)
  await purgeUnreferencedObjects(db, config, now)
  return n
}
