// Screenshots: judged by decoding the bytes, re-encoded without metadata, stored under a generated id.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import type { Kysely } from 'kysely'
import type { UploadResponse } from '../../types/api'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const
type Format = keyof typeof FORMATS

export function filesDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files')
}

export function filePath(config: Pick<Config, 'dataDir'>, id: string): string {
  return path.join(filesDir(config), id)
}

function isPixelLimit(err: unknown): boolean {
  return err instanceof Error && /pixel limit/i.test(err.message)
}

interface Encoded {
  data: Buffer
  mime: string
  width: number
  height: number
}

async function reencode(bytes: Buffer, maxPixels: number): Promise<Encoded> {
  let format: Format
  try {
    const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata()
    if (!meta.format || !(meta.format in FORMATS)) throw new AppError('UPLOAD_NOT_AN_IMAGE')
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) throw new AppError('UPLOAD_TOO_MANY_PIXELS')
    format = meta.format as Format
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(isPixelLimit(err) ? 'UPLOAD_TOO_MANY_PIXELS' : 'UPLOAD_NOT_AN_IMAGE')
  }
  try {
    // rotate() applies the EXIF orientation; sharp drops all metadata on output unless asked to keep it
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate()
    if (format === 'png') pipeline = pipeline.png()
    else if (format === 'jpeg') pipeline = pipeline.jpeg({ quality: 90 })
    else pipeline = pipeline.webp()
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
    return { data, mime: FORMATS[format], width: info.width, height: info.height }
  } catch (err) {
    throw new AppError(isPixelLimit(err) ? 'UPLOAD_TOO_MANY_PIXELS' : 'UPLOAD_NOT_AN_IMAGE')
  }
}

/** Stores the screenshot for its owner; on any failure nothing is left behind (no row, no file). */
export async function storeUpload(
  db: Kysely<Database>,
  config: Config,
  ownerId: string,
  bytes: Buffer
): Promise<UploadResponse> {
  if (bytes.length === 0) throw new AppError('UPLOAD_MISSING_FILE')
  if (bytes.length > config.uploadMaxBytes) throw new AppError('UPLOAD_TOO_LARGE')
  const encoded = await reencode(bytes, config.uploadMaxPixels)
  const id = randomUUID()
  const target = filePath(config, id)
  await fs.mkdir(filesDir(config), { recursive: true })
  const tmp = `${target}.part`
  try {
    await fs.writeFile(tmp, encoded.data, { flag: 'wx' })
    await fs.rename(tmp, target)
    await db
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
        created_at: new Date().toISOString()
      })
      .execute()
  } catch (err) {
    await fs.rm(tmp, { force: true })
    await fs.rm(target, { force: true })
    throw err
  }
  return { id, width: encoded.width, height: encoded.height, bytes: encoded.data.length }
}
