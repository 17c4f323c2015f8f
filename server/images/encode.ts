// A screenshot judged by decoding it: format and size read from the header, the picture decoded and
// re-encoded without metadata (no original byte is kept), plus a 240 px JPEG thumbnail and a 64-bit dHash.
//
// Where the time went (issue 15, --cpu-prof + per-step timings on a 1080×2339 screenshot): the old pipeline
// decoded the whole picture into a 7.5 MB raw buffer, then encoded the full image, the thumbnail AND the dHash
// from that full-size buffer. For the phone's JPEG that made the raw round trip cost more than the decode
// itself, the 9×8 dHash alone cost as much as the thumbnail (a full-size greyscale + resize), and the buffers
// kept the collector busy. Now:
//  - JPEG/WebP: the full image is one streamed decode → encode (libvips never holds the whole raw picture),
//    and the small picture is decoded at ¼ or ⅛ scale straight from the file (shrink-on-load);
//  - PNG has no shrink-on-load: it is decoded once, and the full re-encode and the small picture both start
//    from those pixels;
//  - the thumbnail and the dHash both come from the one small picture.
import sharp from 'sharp'
import { AppError } from '../errors'
import { dHashRaw } from '../uploads/reuse'
import { poolError } from './pool'

export const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const
type Format = keyof typeof FORMATS

export const THUMB_WIDTH = 240

// One libvips thread per image: the pool (server/images/pool.ts) decides how many images run at once, so
// threads = pool size; libvips' default (one thread per core for EVERY image) oversubscribed the cores.
sharp.concurrency(1)
// Every upload is a different picture: libvips' operation cache only held memory (up to 50 MB) for nothing.
sharp.cache(false)

export interface Encoded {
  data: Buffer
  mime: string
  width: number
  height: number
  /** JPEG, at most THUMB_WIDTH wide */
  thumb: Buffer
  /** 64-bit dHash, 16 hex characters (server/uploads/reuse.ts) */
  hash: string
}

export interface EncodeLimits {
  maxPixels: number
  /** libvips abandons a pipeline after this long: the pool's deadline, so a stuck image frees its thread */
  timeoutMs: number
}

function isPixelLimit(err: unknown): boolean {
  return err instanceof Error && /pixel limit/i.test(err.message)
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && /timeout/i.test(err.message)
}

/** The format from the header, refused before any decoding when it is not a picture or has too many pixels. */
async function probe(bytes: Buffer, maxPixels: number): Promise<Format> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata()
    if (!meta.format || !(meta.format in FORMATS)) throw new AppError('UPLOAD_NOT_AN_IMAGE')
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) throw new AppError('UPLOAD_TOO_MANY_PIXELS')
    return meta.format as Format
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(isPixelLimit(err) ? 'UPLOAD_TOO_MANY_PIXELS' : 'UPLOAD_NOT_AN_IMAGE')
  }
}

function encoder(image: sharp.Sharp, format: Format): sharp.Sharp {
  // PNG stays lossless. zlib level 2: on a 1080×2339 screenshot 23 ms instead of 28 ms (level 3) for 4% more
  // bytes (level 3 was already ~20% less CPU than the default 6 for ~3% more)
  if (format === 'png') return image.png({ compressionLevel: 2 })
  // The app sends JPEG at quality 80 (src/services/compress.ts). Re-encoding at the same quality keeps the
  // upload's quantisation almost exactly: 51.1 dB PSNR against the upload vs 49.8 at q90 and 47.1 at q85,
  // and the fewest bytes (182 KB vs 194–237 KB). sharp's default optimised Huffman tables (a second pass over
  // every coefficient) cost 31 vs 19 ms per screenshot at q90 for 18% fewer bytes: CPU is the scarcer here.
  if (format === 'jpeg') return image.jpeg({ quality: 80, optimiseCoding: false })
  return image.webp()
}

interface Small {
  thumb: Buffer
  hash: string
}

async function fromSmall(image: sharp.Sharp): Promise<Small> {
  const { data, info } = await image.resize({ width: THUMB_WIDTH, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true })
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } }
  const thumb = await sharp(data, raw).jpeg({ quality: 70 }).toBuffer()
  return { thumb, hash: await dHashRaw(sharp(data, raw)) }
}

// One step after the other, never two pipelines of one image at once: a pool slot is one thread, so the
// libuv threads beyond the pool's size stay free for file writes (sharp and fs share libuv's 4 threads).
async function transcode(bytes: Buffer, format: Format, limits: EncodeLimits): Promise<Encoded> {
  const seconds = Math.max(1, Math.ceil(limits.timeoutMs / 1000))
  // rotate() applies the EXIF orientation; sharp drops all metadata on output
  const open = () => sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' }).rotate().timeout({ seconds })
  if (format === 'png') {
    const { data: pixels, info } = await open().raw().toBuffer({ resolveWithObject: true })
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } }
    const data = await encoder(sharp(pixels, raw), format).timeout({ seconds }).toBuffer()
    return { data, mime: FORMATS[format], width: info.width, height: info.height, ...(await fromSmall(sharp(pixels, raw))) }
  }
  const full = await encoder(open(), format).toBuffer({ resolveWithObject: true })
  const small = await fromSmall(open())
  return { data: full.data, mime: FORMATS[format], width: full.info.width, height: full.info.height, ...small }
}

/** Decodes and re-encodes one screenshot; a picture that does not decode is the client's 4xx. */
export async function encodeScreenshot(bytes: Buffer, limits: EncodeLimits): Promise<Encoded> {
  const format = await probe(bytes, limits.maxPixels)
  try {
    return await transcode(bytes, format, limits)
  } catch (err) {
    if (err instanceof AppError) throw err
    if (isPixelLimit(err)) throw new AppError('UPLOAD_TOO_MANY_PIXELS')
    if (isTimeout(err)) throw poolError('timeout', limits.timeoutMs)
    throw new AppError('UPLOAD_NOT_AN_IMAGE')
  }
}
