// The citizen's own appeal row: the one lookup every citizen action starts from.
import type { Kysely } from 'kysely'
import type { AppealRow, Database } from '../db/schema'
import { AppError } from '../errors'

/** The citizen's own appeal, not anonymised; APPEAL_NOT_FOUND for anyone else's (never says which). */
export async function ownRow(db: Kysely<Database>, citizenId: string, id: string): Promise<AppealRow> {
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('id', '=', id)
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return row
}
