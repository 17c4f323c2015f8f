// Converts rows written before encryption (plaintext applicant fields, raw openids) — run by buildApp after
// migrating, once the keyring is loaded. Idempotent and batched: a row is done once it has its HMAC.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { encryptApplicant, encryptField, F, isEncrypted, openidHmac, decryptField, idNumberHmac } from './keyring'

const BATCH = 500

export async function encryptLegacyRows(db: Kysely<Database>): Promise<number> {
  let n = 0
  for (;;) {
    const rows = await db
      .selectFrom('appeals')
      .select(['id', 'applicant_name', 'applicant_id_number', 'applicant_phone'])
      .where('applicant_id_hmac', 'is', null)
      .where('anonymised_at', 'is', null)
      .limit(BATCH)
      .execute()
    if (rows.length === 0) break
    for (const r of rows) {
      const set = isEncrypted(r.applicant_id_number)
        ? { applicant_id_hmac: idNumberHmac(decryptField(r.applicant_id_number, F.idNumber)) }
        : encryptApplicant({ name: r.applicant_name, idNumber: r.applicant_id_number, phone: r.applicant_phone })
      await db.updateTable('appeals').set(set).where('id', '=', r.id).execute()
      n++
    }
  }
  const citizens = await db
    .selectFrom('citizens')
    .select(['id', 'wechat_openid'])
    .where('wechat_openid', 'is not', null)
    .where('wechat_openid', 'not like', 'v1:%')
    .execute()
  for (const c of citizens) {
    if (!c.wechat_openid || isEncrypted(c.wechat_openid)) continue
    await db
      .updateTable('citizens')
      .set({ wechat_openid: encryptField(c.wechat_openid, F.openid), wechat_openid_hash: openidHmac(c.wechat_openid) })
      .where('id', '=', c.id)
      .execute()
    n++
  }
  return n
}
