// Reused screenshots: the same bytes (SHA-256) or a near-identical picture (64-bit dHash within Hamming
// distance MAX_DISTANCE) attached to another citizen's appeal links both appeals for the reviewer.
//
// Near matches are found through an index, not a scan: the hash is cut into BANDS bands, and two hashes
// within distance 4 share at least one band exactly (pigeonhole: 4 differing bits touch at most 4 of 5 bands).
import type { Kysely } from 'kysely'
import sharp from 'sharp'
import type { Database } from '../db/schema'

export const MAX_DISTANCE = 4
const BAND_BITS = [13, 13, 13, 13, 12]

/** dHash: greyscale 9×8, one bit per horizontally adjacent pair (left brighter than right). 16 hex chars. */
export async function dHash(bytes: Buffer, limitInputPixels: number): Promise<string> {
  return dHashRaw(sharp(bytes, { limitInputPixels }).rotate())
}

/** dHash of an image already opened (the upload pipeline passes its decoded pixels, so nothing is decoded twice). */
export async function dHashRaw(image: sharp.Sharp): Promise<string> {
  const { data } = await image
    .greyscale()
    .resize(9, 8, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  let bits = 0n
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      bits = (bits << 1n) | (data[y * 9 + x] > data[y * 9 + x + 1] ? 1n : 0n)
    }
  }
  return bits.toString(16).padStart(16, '0')
}

export function hamming(a: string, b: string): number {
  let x = BigInt('0x' + a) ^ BigInt('0x' + b)
  let n = 0
  while (x) {
    n += Number(x & 1n)
    x >>= 1n
  }
  return n
}

/** A flat or nearly flat picture hashes to (almost) all zeros or ones: too little structure to call two pictures alike. */
export function informative(hash: string): boolean {
  const ones = hamming(hash, '0000000000000000')
  return ones >= 8 && ones <= 56
}

export function bands(hash: string): { band: number; value: string }[] {
  let bits = BigInt('0x' + hash)
  const out: { band: number; value: string }[] = []
  for (let i = BAND_BITS.length - 1; i >= 0; i--) {
    const mask = (1n << BigInt(BAND_BITS[i])) - 1n
    out.unshift({ band: i, value: (bits & mask).toString(16) })
    bits >>= BigInt(BAND_BITS[i])
  }
  return out
}

/**
 * Appeals of OTHER citizens that carry one of these uploads' screenshots (same bytes or near-identical picture);
 * links them both ways with this appeal. Returns the linked appeal ids.
 */
export async function linkReusedScreenshots(trx: Kysely<Database>, appealId: string, citizenId: string, uploadIds: string[], at: string): Promise<string[]> {
  if (uploadIds.length === 0) return []
  const mine = await trx.selectFrom('uploads').select(['id', 'sha256', 'dhash']).where('id', 'in', uploadIds).execute()
  const others = new Set<string>()
  const shas = mine.map((u) => u.sha256)
  const exact = await trx
    .selectFrom('uploads')
    .select('appeal_id')
    .where('sha256', 'in', shas)
    .where('owner_id', '!=', citizenId)
    .where('appeal_id', 'is not', null)
    .execute()
  for (const r of exact) if (r.appeal_id) others.add(r.appeal_id)
  for (const u of mine) {
    if (!u.dhash || !informative(u.dhash)) continue
    const bs = bands(u.dhash)
    const candidates = await trx
      .selectFrom('upload_hash_bands as b')
      .innerJoin('uploads as u', 'u.id', 'b.upload_id')
      .select(['u.appeal_id', 'u.dhash'])
      .where((eb) => eb.or(bs.map((b) => eb.and([eb('b.band', '=', b.band), eb('b.value', '=', b.value)]))))
      .where('u.owner_id', '!=', citizenId)
      .where('u.appeal_id', 'is not', null)
      .execute()
    for (const c of candidates) {
      if (c.appeal_id && c.dhash && hamming(c.dhash, u.dhash) <= MAX_DISTANCE) others.add(c.appeal_id)
    }
  }
  others.delete(appealId)
  for (const other of others) {
    for (const [a, b] of [
      [appealId, other],
      [other, appealId]
    ]) {
      const exists = await trx.selectFrom('appeal_links').select('appeal_id').where('appeal_id', '=', a).where('linked_appeal_id', '=', b).executeTakeFirst()
      if (!exists) await trx.insertInto('appeal_links').values({ appeal_id: a, linked_appeal_id: b, kind: 'reused_screenshot', created_at: at }).execute()
    }
  }
  return [...others]
}
