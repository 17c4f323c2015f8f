// npm run keys:rotate [-- --batch 500] [--resume]
// Adds a new data key to DATA_DIR/keys.json (0600) and makes it current, then re-encrypts every encrypted
// field under it in batches. Running servers keep working throughout: they decrypt with any known key
// (re-reading keys.json when they meet a new key id, and at most every 10 s before encrypting), so there
// is no downtime. Interrupted? Run `npm run keys:rotate -- --resume`: it re-encrypts what is still under an
// old key, without adding another. The HMAC (index) key does not change, so lookups stay valid.
// With DATA_KEYS in the environment the keyring is not written: the command prints the new JSON to set.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { loadConfig, type Config } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import type { Database } from '../db/schema'
import { encryptLegacyRows } from '../crypto/convert'
import { checkDataKeys } from '../crypto/key-check'
import {
  currentKid,
  decryptField,
  encryptField,
  F,
  kidOf,
  keyringPath,
  loadKeyring,
  parseKeyringJson,
  type KeyringFile
} from '../crypto/keyring'
import { READING_FIELD } from '../reading/service'

/** Writes keys.json with the existing keys plus a new current one; returns the new key id. */
export function addKey(config: Pick<Config, 'dataDir' | 'dataKey' | 'dataKeys'>): { kid: string; ring: KeyringFile } {
  loadKeyring(config)
  const file = keyringPath(config.dataDir)
  let ring: KeyringFile
  if (config.dataKeys) ring = parseKeyringJson(config.dataKeys, 'DATA_KEYS')
  else if (fs.existsSync(file)) ring = parseKeyringJson(fs.readFileSync(file, 'utf8'), file)
  else {
    // first rotation: the key in use (DATA_KEY or data.key) becomes the index key and stays known
    const base = config.dataKey ?? fs.readFileSync(`${config.dataDir}/data.key`, 'utf8').trim()
    const kid = kidOf(Buffer.from(base, 'base64'))
    ring = { current: kid, index: kid, keys: { [kid]: Buffer.from(base, 'base64').toString('base64') } }
  }
  const key = randomBytes(32)
  const kid = kidOf(key)
  ring = { ...ring, current: kid, keys: { ...ring.keys, [kid]: key.toString('base64') } }
  if (!config.dataKeys) {
    const tmp = `${file}.tmp-${process.pid}`
    fs.writeFileSync(tmp, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600 })
    fs.renameSync(tmp, file)
  }
  return { kid, ring }
}

/** Re-encrypts every field not under the current key; batched and resumable. Returns the rows changed. */
export async function reencryptAll(db: Kysely<Database>, batch = 500): Promise<number> {
  const kid = currentKid()
  const prefix = `v1:${kid}:%`
  let n = 0
  for (;;) {
    const rows = await db
      .selectFrom('appeals')
      .select(['id', 'applicant_name', 'applicant_id_number', 'applicant_phone'])
      .where('applicant_id_number', 'like', 'v1:%')
      .where((eb) =>
        eb.or([eb('applicant_id_number', 'not like', prefix), eb('applicant_name', 'not like', prefix), eb('applicant_phone', 'not like', prefix)])
      )
      .limit(batch)
      .execute()
    if (rows.length === 0) break
    for (const r of rows) {
      // guarded on the old ciphertext: a row changed meanwhile (anonymised) is left alone and picked up again if needed
      await db
        .updateTable('appeals')
        .set({
          applicant_name: encryptField(decryptField(r.applicant_name, F.name), F.name),
          applicant_id_number: encryptField(decryptField(r.applicant_id_number, F.idNumber), F.idNumber),
          applicant_phone: encryptField(decryptField(r.applicant_phone, F.phone), F.phone)
        })
        .where('id', '=', r.id)
        .where('applicant_id_number', '=', r.applicant_id_number)
        .execute()
      n++
    }
  }
  for (;;) {
    const rows = await db
      .selectFrom('citizens')
      .select(['id', 'wechat_openid'])
      .where('wechat_openid', 'like', 'v1:%')
      .where('wechat_openid', 'not like', prefix)
      .limit(batch)
      .execute()
    if (rows.length === 0) break
    for (const r of rows) {
      await db
        .updateTable('citizens')
        .set({ wechat_openid: encryptField(decryptField(r.wechat_openid!, F.openid), F.openid) })
        .where('id', '=', r.id)
        .where('wechat_openid', '=', r.wechat_openid)
        .execute()
      n++
    }
  }
  // what was read off the screenshots (issue 13)
  for (;;) {
    const rows = await db
      .selectFrom('uploads')
      .select(['id', 'reading_fields'])
      .where('reading_fields', 'like', 'v1:%')
      .where('reading_fields', 'not like', prefix)
      .limit(batch)
      .execute()
    if (rows.length === 0) break
    for (const r of rows) {
      await db
        .updateTable('uploads')
        .set({ reading_fields: encryptField(decryptField(r.reading_fields!, READING_FIELD), READING_FIELD) })
        .where('id', '=', r.id)
        .where('reading_fields', '=', r.reading_fields)
        .execute()
      n++
    }
  }
  return n
}

export async function rotateKeys(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { batch: { type: 'string' }, resume: { type: 'boolean', default: false } }, strict: true })
  const config = loadConfig(env)
  const lines: string[] = []
  // without the keys the data was written under, a rotation would generate a fresh key and strand that data
  const checkDb = createDb(config)
  try {
    await checkDataKeys(checkDb, config)
  } finally {
    await checkDb.kysely.destroy()
  }
  if (values.resume) loadKeyring(config)
  else {
    const { kid, ring } = addKey(config)
    loadKeyring(config.dataKeys ? { ...config, dataKeys: JSON.stringify(ring) } : config)
    lines.push(`新密钥 / new key id: ${kid}`)
    if (config.dataKeys) lines.push('DATA_KEYS is set: put this keyring into it (then restart):', JSON.stringify(ring))
  }
  const db = createDb(config)
  try {
    await migrate(db)
    await encryptLegacyRows(db.kysely)
    const n = await reencryptAll(db.kysely, values.batch ? Number(values.batch) : 500)
    lines.push(`已重新加密 / re-encrypted ${n} rows under ${currentKid()}`)
    return lines.join('\n')
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  rotateKeys(process.argv.slice(2))
    .then((msg) => process.stdout.write(msg + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`轮换失败 / failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
