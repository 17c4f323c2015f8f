// Tracking numbers people can read aloud: Beijing date + 6 characters without 0/O, 1/I/L.
import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import { inShanghai } from '../../src/domain/time'
import type { Database } from '../db/schema'

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

export function makeTrackingNo(now: Date): string {
  let tail = ''
  for (let i = 0; i < 6; i++) tail += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]
  return `${inShanghai(now).format('YYMMDD')}-${tail}`
}

/** A tracking number not yet used (the unique index still backs this up). */
export async function uniqueTrackingNo(trx: Kysely<Database>, now: Date): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = makeTrackingNo(now)
    const taken = await trx.selectFrom('appeals').select('id').where('tracking_no', '=', candidate).executeTakeFirst()
    if (!taken) return candidate
  }
  throw new Error('could not find a free tracking number')
}
