// Who may see a stored screenshot: the citizen who uploaded it, or the reviewer holding (live lease) its appeal.
import type { Kysely } from 'kysely'
import type { Principal } from '../context'
import type { Database, UploadRow } from '../db/schema'
import { AppError } from '../errors'

export async function readableUpload(db: Kysely<Database>, principal: Principal | null, id: string): Promise<UploadRow> {
  if (!principal) throw new AppError('FILE_NOT_FOUND')
  const upload = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
  if (!upload) throw new AppError('FILE_NOT_FOUND')
  if (principal.kind === 'citizen') {
    if (upload.owner_id !== principal.id) throw new AppError('FILE_NOT_FOUND')
    return upload
  }
  if (!upload.appeal_id) throw new AppError('FILE_NOT_FOUND')
  const held = await db
    .selectFrom('appeals')
    .select('id')
    .where('id', '=', upload.appeal_id)
    .where('status', '=', 'in_review')
    .where('claimed_by', '=', principal.id)
    .where('lease_until', '>', new Date().toISOString())
    .executeTakeFirst()
  if (!held) throw new AppError('FILE_NOT_FOUND')
  return upload
}
