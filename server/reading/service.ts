// What the server read from screenshots (issue 13), as stored on the uploads rows (migration 011): decrypted
// into the contract's Reading, compared with what the citizen typed (src/domain/reading mismatchesFor), and
// summed up in appeals.shot_mismatch for the reviewers' queue filter 「截图与填写不符」.
//
// The read fields are personal data (a masked name and ID number, times, the test site): ciphertext at rest
// under the data keyring, decrypted only here, and never written to a log line.
import type { Kysely } from 'kysely'
import type { Category } from '../../types/appeal'
import type { Reading, ReadingFields, ReadingKind, ReadingStatus, ShotReading, UploadInfoResponse } from '../../types/reading'
import { mismatchesFor, readTimeToIso } from '../../src/domain/reading'
import type { Config } from '../config'
import type { AppealRow, Database } from '../db/schema'
import { applicantOf, decryptField, encryptField } from '../crypto/keyring'

/** The keyring's associated data for the read fields: ciphertext of another column never decrypts as these. */
export const READING_FIELD = 'reading_fields'

export interface ReadingColumns {
  reading_status: string
  reading_kind: string | null
  reading_fields: string | null
}

/** A new upload's status: queued when this server reads screenshots, else never to be read. */
export function initialReadingStatus(config: Pick<Config, 'readingWorkers'>): 'pending' | 'skipped' {
  return config.readingWorkers > 0 ? 'pending' : 'skipped'
}

export function encryptReadingFields(fields: ReadingFields): string {
  return encryptField(JSON.stringify(fields), READING_FIELD)
}

export function readingOf(row: ReadingColumns): Reading {
  const status = row.reading_status as ReadingStatus
  if (status !== 'done') return { status, kind: 'unknown', fields: {} }
  const fields = row.reading_fields ? (JSON.parse(decryptField(row.reading_fields, READING_FIELD)) as ReadingFields) : {}
  return { status, kind: (row.reading_kind as ReadingKind | null) ?? 'unknown', fields }
}

/** GET /uploads/:id: the owner's own upload, else null (the route answers 404 either way). */
export async function uploadInfo(db: Kysely<Database>, ownerId: string, id: string): Promise<UploadInfoResponse | null> {
  const row = await db
    .selectFrom('uploads')
    .select(['id', 'width', 'height', 'bytes', 'reading_status', 'reading_kind', 'reading_fields'])
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst()
  if (!row) return null
  return { id: row.id, width: row.width, height: row.height, bytes: row.bytes, reading: readingOf(row) }
}

type AppealForShots = Pick<AppealRow, 'id' | 'popup_shot' | 'category' | 'applicant_name' | 'applicant_id_number' | 'applicant_phone'>

/** What the comparison needs of an appeal: its screenshots in order, and the values the citizen typed. */
export interface TypedShots {
  popupShot: string
  category: Category
  tests: { shot: string; sampledAt: string }[]
  /** plain values; '' on an anonymised appeal (nothing typed is left to compare) */
  applicant: { name: string; idNumber: string }
}

/** The popup and each negative test with its reading and where it disagrees with the form. */
export async function shotReadingsOf(db: Kysely<Database>, appeal: TypedShots): Promise<ShotReading[]> {
  const ids = [appeal.popupShot, ...appeal.tests.map((t) => t.shot)]
  const uploads = await db.selectFrom('uploads').select(['id', 'reading_status', 'reading_kind', 'reading_fields']).where('id', 'in', ids).execute()
  const byId = new Map(uploads.map((u) => [u.id, u]))
  const readingFor = (id: string): Reading => {
    const u = byId.get(id)
    return u ? readingOf(u) : { status: 'skipped', kind: 'unknown', fields: {} }
  }
  const { name, idNumber } = appeal.applicant
  const person = { ...(name ? { name } : {}), ...(idNumber ? { idNumber } : {}) }
  const popupReading = readingFor(appeal.popupShot)
  const out: ShotReading[] = [
    {
      shot: appeal.popupShot,
      role: 'popup',
      index: null,
      reading: popupReading,
      mismatches: popupReading.status === 'done' ? mismatchesFor({ role: 'popup', reading: popupReading, typed: { ...person, category: appeal.category } }) : []
    }
  ]
  appeal.tests.forEach((t, i) => {
    const reading = readingFor(t.shot)
    out.push({
      shot: t.shot,
      role: 'negative_test',
      index: i,
      reading,
      mismatches: reading.status === 'done' ? mismatchesFor({ role: 'negative_test', reading, typed: { ...person, sampledAt: t.sampledAt } }) : []
    })
  })
  return out
}

/** shotReadingsOf for an appeal row: its tests loaded and its applicant decrypted here. */
async function shotReadings(db: Kysely<Database>, appeal: AppealForShots): Promise<ShotReading[]> {
  const tests = await db.selectFrom('appeal_tests').select(['upload_id', 'sampled_at']).where('appeal_id', '=', appeal.id).orderBy('position').execute()
  return shotReadingsOf(db, {
    popupShot: appeal.popup_shot,
    category: appeal.category as Category,
    tests: tests.map((t) => ({ shot: t.upload_id, sampledAt: t.sampled_at })),
    applicant: applicantOf(appeal)
  })
}

/** The read sampling time of each negative test (ISO instant), null where none was read: checkEvidence's readSampledAt. */
export function readSampledAtOf(shots: ShotReading[]): (string | null)[] {
  return shots
    .filter((s) => s.role === 'negative_test')
    .map((s) => (s.reading.status === 'done' && s.reading.kind === 'test_result' && s.reading.fields.sampledAt ? (readTimeToIso(s.reading.fields.sampledAt) ?? null) : null))
}

/**
 * Recomputes appeals.shot_mismatch inside the caller's transaction. `always` writes even an unchanged value:
 * the UPDATE is what bumps the appeal's version (migration 010), so a reviewer's conditional poll sees that a
 * reading arrived.
 */
export async function recomputeShotMismatch(trx: Kysely<Database>, appealId: string, opts: { always: boolean }): Promise<void> {
  const appeal = await trx
    .selectFrom('appeals')
    .select(['id', 'popup_shot', 'category', 'applicant_name', 'applicant_id_number', 'applicant_phone', 'shot_mismatch'])
    .where('id', '=', appealId)
    .executeTakeFirst()
  if (!appeal) return
  const shots = await shotReadings(trx, appeal)
  const mismatch = shots.some((s) => s.mismatches.length > 0) ? 1 : 0
  if (!opts.always && mismatch === Number(appeal.shot_mismatch)) return
  await trx.updateTable('appeals').set({ shot_mismatch: mismatch }).where('id', '=', appealId).execute()
}
