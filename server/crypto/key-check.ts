// Which data keys a database needs, and the startup check built on it (server/main.ts): a server must never
// generate a new data key over data written under an old one (it could never read it again), nor a new
// receipt key once appeals exist (every receipt already handed out would stop verifying). Both stores.
//
// Cost at start: the check reads a bounded sample (the first SAMPLE encrypted values of each table, and one
// row for the keyed hashes), so it stays fast on a million-row database; only when something is missing does
// it scan for the exact list of key ids, to name every one in the error.
import { sql, type Kysely } from 'kysely'
import type { Config } from '../config'
import type { Db } from '../db/dialect'
import type { Database } from '../db/schema'
import { existingReceiptKey, receiptKey, receiptKeyFile } from '../receipts/service'
import { kidOfCiphertext, resolveKeys, type ResolvedKeys } from './keyring'

const SAMPLE = 1000
const KID = /^[0-9a-f]{8}$/

/** Every encrypted column: table, column. */
const ENCRYPTED: ReadonlyArray<readonly ['appeals' | 'citizens' | 'uploads', string]> = [
  ['appeals', 'applicant_name'],
  ['appeals', 'applicant_id_number'],
  ['appeals', 'applicant_phone'],
  ['citizens', 'wechat_openid'],
  // text read off the screenshots (issue 13, migration 011)
  ['uploads', 'reading_fields']
]

/** A column added by a later migration is absent from older databases and backups: it then holds nothing. */
function absentColumn(err: unknown, column: string): boolean {
  const message = err instanceof Error ? err.message : String(err)
  return message.includes(column) && /no such column|does not exist/.test(message)
}

async function encryptedRows<R>(column: string, query: () => Promise<{ rows: R[] }>): Promise<R[]> {
  try {
    return (await query()).rows
  } catch (err) {
    if (column === 'reading_fields' && absentColumn(err, column)) return []
    throw err
  }
}

export async function hasTable(db: Db, name: string): Promise<boolean> {
  if (db.dialect === 'postgres') {
    const r = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db.kysely)
    return Boolean(r.rows[0]?.t)
  }
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(db.kysely)
  return Number(r.rows[0]?.n ?? 0) > 0
}

async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  if (db.dialect === 'postgres') {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`.execute(db.kysely)
    return Number(r.rows[0]?.n ?? 0) > 0
  }
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM pragma_table_info(${table}) WHERE name = ${column}`.execute(db.kysely)
  return Number(r.rows[0]?.n ?? 0) > 0
}

/** The exact set of key ids under which the database holds ciphertext (one scan per encrypted column). */
export async function dataKeyIdsInUse(db: Kysely<Database>): Promise<string[]> {
  const kids = new Set<string>()
  for (const [table, column] of ENCRYPTED) {
    const rows = await encryptedRows(column, () =>
      sql<{ kid: string }>`SELECT DISTINCT substr(${sql.ref(column)}, 4, 8) AS kid FROM ${sql.table(table)} WHERE ${sql.ref(column)} LIKE 'v1:%'`.execute(db)
    )
    for (const row of rows) if (KID.test(row.kid)) kids.add(row.kid)
  }
  return [...kids].sort()
}

/** Key ids seen in the first SAMPLE encrypted values of each column: cheap, not exhaustive. */
async function sampledKeyIds(db: Kysely<Database>): Promise<Set<string>> {
  const kids = new Set<string>()
  for (const [table, column] of ENCRYPTED) {
    const rows = await encryptedRows(column, () =>
      sql<{ v: string }>`SELECT ${sql.ref(column)} AS v FROM ${sql.table(table)} WHERE ${sql.ref(column)} LIKE 'v1:%' LIMIT ${SAMPLE}`.execute(db)
    )
    for (const row of rows) {
      const kid = kidOfCiphertext(row.v)
      if (kid && KID.test(kid)) kids.add(kid)
    }
  }
  return kids
}

/** True when rows carry lookup hashes made with the index key (ID-number HMAC, openid HMAC). */
async function hasKeyedHashes(db: Kysely<Database>): Promise<boolean> {
  const a = await db.selectFrom('appeals').select('id').where('applicant_id_hmac', 'is not', null).limit(1).executeTakeFirst()
  if (a) return true
  const c = await db.selectFrom('citizens').select('id').where('wechat_openid_hash', 'is not', null).limit(1).executeTakeFirst()
  return Boolean(c)
}

async function hasAppeals(db: Kysely<Database>): Promise<boolean> {
  return Boolean(await db.selectFrom('appeals').select('id').limit(1).executeTakeFirst())
}

const KEY_SOURCES = 'DATA_KEY, DATA_KEYS, DATA_DIR/data.key or DATA_DIR/keys.json'

function describe(resolved: ResolvedKeys | null): string {
  if (!resolved) return `none (${KEY_SOURCES})`
  return `${Object.keys(resolved.ring.keys).sort().join(', ')} (from ${resolved.origin.join(' + ')})`
}

export class KeyCheckError extends Error {}

/**
 * The startup check (server/main.ts, before buildApp): throws KeyCheckError naming what is missing, or
 * returns what it did. On a database without appeals and without a receipt key, it creates the receipt key
 * now, so "appeals exist" always implies "a receipt key exists" from then on.
 */
export async function checkKeysAtStartup(
  db: Db,
  config: Pick<Config, 'dataDir' | 'dataKey' | 'dataKeys' | 'receiptKey'>
): Promise<{ receiptKeyGenerated: string | null }> {
  const receiptFile = receiptKeyFile(config.dataDir)
  const makeReceiptKey = (): { receiptKeyGenerated: string | null } => {
    if (existingReceiptKey(config)) return { receiptKeyGenerated: null }
    receiptKey(config)
    return { receiptKeyGenerated: receiptFile }
  }
  // a database not migrated yet holds nothing: the server may create its keys
  if (!(await hasTable(db, 'appeals'))) return makeReceiptKey()
  await checkDataKeys(db, config)
  if (existingReceiptKey(config)) return { receiptKeyGenerated: null }
  if (await hasAppeals(db.kysely)) {
    throw new KeyCheckError(
      `已有申诉，但缺少回执密钥，拒绝启动（不会生成新密钥，否则已发出的凭证将无法核验）。 / ` +
        `Appeals exist but there is no receipt key (RECEIPT_KEY unset, ${receiptFile} missing). Refusing to start: ` +
        'a new key would make every receipt already issued fail at /verify. Restore receipt.key from the backup ' +
        '(npm run restore with its passphrase) or set RECEIPT_KEY to the kept key. Only if you accept that every ' +
        `issued receipt stops verifying, create a new key yourself (a random string of ≥ 32 characters in ${receiptFile}, mode 0600).`
    )
  }
  return makeReceiptKey()
}

/**
 * Throws KeyCheckError when the database holds data under a data key that is not available here. Used by the
 * startup check and by `npm run keys:rotate`, which must never add a key beside a keyring it cannot read.
 */
export async function checkDataKeys(db: Db, config: Pick<Config, 'dataDir' | 'dataKey' | 'dataKeys'>): Promise<void> {
  if (!(await hasTable(db, 'appeals'))) return
  const resolved = resolveKeys(config)
  // before migration 005 nothing was encrypted (buildApp converts those rows under whatever key it loads)
  const encrypted = await hasColumn(db, 'appeals', 'applicant_id_hmac')
  const sample = encrypted ? await sampledKeyIds(db.kysely) : new Set<string>()
  const known = new Set(resolved ? Object.keys(resolved.ring.keys) : [])
  const sampleMissing = [...sample].filter((k) => !known.has(k))
  if (encrypted && (sampleMissing.length > 0 || (!resolved && (sample.size > 0 || (await hasKeyedHashes(db.kysely)))))) {
    const needed = await dataKeyIdsInUse(db.kysely)
    const missing = needed.filter((k) => !known.has(k))
    const what =
      missing.length > 0
        ? `it needs data key id(s) ${missing.join(', ')}`
        : 'it holds lookup hashes made with a data key (the index key of the keyring it was written with)'
    throw new KeyCheckError(
      `数据库中已有用数据密钥加密的数据，但缺少对应密钥，拒绝启动（不会生成新密钥）。 / ` +
        `The database holds data written under a data key and ${what}; keys available here: ${describe(resolved)}. ` +
        'Refusing to start: a new key could never read that data. Put the missing key back (npm run restore with ' +
        'the backup passphrase restores it into DATA_DIR; or set DATA_KEY / DATA_KEYS to the kept key) and start again. ' +
        'See docs/operations.md, "Keys in backups".'
    )
  }
}
