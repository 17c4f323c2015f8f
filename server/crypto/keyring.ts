// Field encryption at rest (AES-256-GCM) and keyed hashes (HMAC-SHA256) for the citizen's identity.
//
// Ciphertext: `v1:<kid>:<iv>:<tag>:<ct>` (base64url parts). <kid> names the data key (the first 8 hex digits of
// its SHA-256), so rows written under an old key stay readable after a rotation: every known key decrypts,
// the current one encrypts. The field name is bound as AAD, so a value cannot be moved to another column.
//
// Keys, all base64 of 32 random bytes:
//   DATA_KEY            one key (else DATA_DIR/data.key, generated 0600 when no key exists at all; server/main.ts
//                       first refuses to start if the database holds data written under a key: key-check.ts)
//   DATA_DIR/keys.json  written by `npm run keys:rotate`: { current, index, keys: { kid: base64 } }
//   DATA_KEYS           the same JSON in the environment (overrides keys.json)
// The HMAC key is derived (HKDF) from the *index* key and never changes with a rotation, so the indexed
// hashes (applicant_id_hmac, wechat_openid_hash) stay valid; only the ciphertexts are re-encrypted.
//
// The keyring is process-wide: every key ever loaded stays known for decryption (kids are fingerprints,
// so two keys never share a kid); a kid that is not known yet makes it re-read keys.json once (a rotation
// started by the CLI while this server runs).
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const CIPHER_PREFIX = 'v1:'
const KEY_FILE = 'data.key'
const KEYRING_FILE = 'keys.json'

export interface KeySource {
  dataDir: string
  dataKey: string | null
  dataKeys: string | null
}

export interface KeyringFile {
  current: string
  index: string
  keys: Record<string, string>
}

interface State {
  source: KeySource | null
  keys: Map<string, Buffer>
  current: string | null
  hmacKey: Buffer | null
  keyringMtime: number
}

const state: State = { source: null, keys: new Map(), current: null, hmacKey: null, keyringMtime: 0 }

export function kidOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8)
}

export function parseKey(b64: string, what: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64')
  if (key.length !== 32) throw new Error(`${what}: expected base64 of 32 bytes`)
  return key
}

// derived once per data key: HKDF on every field of every request was ~6% of a status poll's CPU
const encKeys = new WeakMap<Buffer, Buffer>()

function encKey(key: Buffer): Buffer {
  let derived = encKeys.get(key)
  if (!derived) {
    derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'popup-appeal/field-encryption/v1', 32))
    encKeys.set(key, derived)
  }
  return derived
}

function macKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'popup-appeal/lookup-hmac/v1', 32))
}

export function parseKeyringJson(text: string, what: string): KeyringFile {
  const j = JSON.parse(text) as KeyringFile
  if (!j || typeof j.current !== 'string' || typeof j.index !== 'string' || typeof j.keys !== 'object') {
    throw new Error(`${what}: expected { current, index, keys }`)
  }
  for (const [kid, b64] of Object.entries(j.keys)) {
    if (kidOf(parseKey(b64, `${what} key ${kid}`)) !== kid) throw new Error(`${what}: key ${kid} does not match its id`)
  }
  if (!j.keys[j.current] || !j.keys[j.index]) throw new Error(`${what}: current and index must name keys in the file`)
  return j
}

export function keyringPath(dataDir: string): string {
  return path.join(dataDir, KEYRING_FILE)
}

/** The keys a server on `source` would use, read without writing anything: null when there is none. */
export interface ResolvedKeys {
  ring: KeyringFile
  /** where each key came from, for messages (`DATA_KEY`, `DATA_DIR/data.key` …), never the key */
  origin: string[]
}

/**
 * Resolves the keys exactly as loadKeyring uses them (DATA_KEY, else DATA_DIR/data.key unless DATA_KEYS is
 * set; then DATA_KEYS, else DATA_DIR/keys.json, whose current and index win), without generating one.
 * Startup checks and restore use it to compare what is available with what a database needs.
 */
export function resolveKeys(source: KeySource): ResolvedKeys | null {
  const keys: Record<string, string> = {}
  const origin: string[] = []
  let current: string | null = null
  let index: string | null = null
  let base: Buffer | null = null
  if (source.dataKey) {
    base = parseKey(source.dataKey, 'DATA_KEY')
    origin.push('DATA_KEY')
  } else if (!source.dataKeys) {
    const file = path.join(source.dataDir, KEY_FILE)
    if (fs.existsSync(file)) {
      base = parseKey(fs.readFileSync(file, 'utf8'), file)
      origin.push(file)
    }
  }
  if (base) {
    current = index = kidOf(base)
    keys[current] = base.toString('base64')
  }
  let ring: KeyringFile | null = null
  if (source.dataKeys) {
    ring = parseKeyringJson(source.dataKeys, 'DATA_KEYS')
    origin.push('DATA_KEYS')
  } else {
    const file = keyringPath(source.dataDir)
    if (fs.existsSync(file)) {
      ring = parseKeyringJson(fs.readFileSync(file, 'utf8'), file)
      origin.push(file)
    }
  }
  if (ring) {
    Object.assign(keys, ring.keys)
    current = ring.current
    index = ring.index
  }
  if (!current || !index) return null
  return { ring: { current, index, keys }, origin }
}

/**
 * Loads the keys. Only a DATA_DIR with no key at all (no DATA_KEY, DATA_KEYS, data.key nor keys.json)
 * gets a new DATA_DIR/data.key (0600); server/main.ts first checks that the database holds nothing
 * written under a key (server/crypto/key-check.ts), so a lost key is never silently replaced.
 */
export function loadKeyring(source: KeySource): { generated: string | null; current: string } {
  state.source = source
  let generated: string | null = null
  let resolved = resolveKeys(source)
  if (!resolved) {
    const file = path.join(source.dataDir, KEY_FILE)
    fs.mkdirSync(source.dataDir, { recursive: true })
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 })
      generated = file
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    resolved = resolveKeys(source)
    if (!resolved) throw new Error('no data key')
  }
  const { ring } = resolved
  for (const [kid, b64] of Object.entries(ring.keys)) state.keys.set(kid, parseKey(b64, kid))
  try {
    state.keyringMtime = fs.statSync(keyringPath(source.dataDir)).mtimeMs
  } catch {
    // no keys.json (yet)
  }
  state.current = ring.current
  state.hmacKey = macKey(state.keys.get(ring.index)!)
  return { generated, current: ring.current }
}

/** Re-reads keys.json (after a rotation by the CLI); cheap when unchanged. */
export function refreshKeyring(): void {
  const src = state.source
  if (!src || src.dataKeys) return
  try {
    const mtime = fs.statSync(keyringPath(src.dataDir)).mtimeMs
    if (mtime === state.keyringMtime) return
  } catch {
    return
  }
  loadKeyring(src)
}

let lastRefresh = 0
function refreshSometimes(): void {
  const now = Date.now()
  if (now - lastRefresh < 10_000) return
  lastRefresh = now
  refreshKeyring()
}

function requireLoaded(): void {
  if (!state.current || !state.hmacKey) throw new Error('keyring not loaded (loadKeyring)')
}

export function currentKid(): string {
  requireLoaded()
  return state.current!
}

export function isEncrypted(v: string | null | undefined): boolean {
  return typeof v === 'string' && v.startsWith(CIPHER_PREFIX)
}

export function kidOfCiphertext(v: string): string | null {
  return isEncrypted(v) ? v.split(':')[1] ?? null : null
}

/** Encrypts under the current key; `field` is bound as AAD. */
export function encryptField(plain: string, field: string): string {
  refreshSometimes()
  requireLoaded()
  const kid = state.current!
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', encKey(state.keys.get(kid)!), iv)
  c.setAAD(Buffer.from(field))
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
  const tag = c.getAuthTag()
  return [CIPHER_PREFIX.slice(0, -1), kid, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(':')
}

export function encryptNullable(plain: string | null, field: string): string | null {
  return plain === null ? null : encryptField(plain, field)
}

/** Decrypts with whichever known key wrote it. A value without the prefix is returned as is (anonymised or legacy). */
export function decryptField(value: string, field: string): string
export function decryptField(value: string | null, field: string): string | null
export function decryptField(value: string | null, field: string): string | null {
  if (value === null || !isEncrypted(value)) return value
  const [, kid, ivB, tagB, ctB] = value.split(':')
  let key = state.keys.get(kid)
  if (!key) {
    refreshKeyring()
    key = state.keys.get(kid)
  }
  if (!key) throw new Error(`unknown data key id ${kid}`)
  const d = createDecipheriv('aes-256-gcm', encKey(key), Buffer.from(ivB, 'base64url'))
  d.setAAD(Buffer.from(field))
  d.setAuthTag(Buffer.from(tagB, 'base64url'))
  return Buffer.concat([d.update(Buffer.from(ctB, 'base64url')), d.final()]).toString('utf8')
}

/** Keyed hash (hex) for equality lookups; `purpose` separates the domains (id number, openid, username …). */
export function lookupHmac(purpose: string, value: string): string {
  requireLoaded()
  return createHmac('sha256', state.hmacKey!).update(`${purpose}\u0000${value}`).digest('hex')
}

// ---- the fields this server protects ----

export const F = {
  name: 'appeals.applicant_name',
  idNumber: 'appeals.applicant_id_number',
  phone: 'appeals.applicant_phone',
  openid: 'citizens.wechat_openid'
} as const

/** Normalised ID number → the value stored in appeals.applicant_id_hmac. */
export function idNumberHmac(normalisedIdNumber: string): string {
  return lookupHmac('id_number', normalisedIdNumber.trim().toUpperCase())
}

export function openidHmac(openid: string): string {
  return lookupHmac('wechat_openid', openid)
}

export interface Applicant {
  name: string
  idNumber: string
  phone: string
}

/** The applicant of an appeal row, decrypted. */
export function applicantOf(row: { applicant_name: string; applicant_id_number: string; applicant_phone: string }): Applicant {
  return {
    name: decryptField(row.applicant_name, F.name),
    idNumber: decryptField(row.applicant_id_number, F.idNumber),
    phone: decryptField(row.applicant_phone, F.phone)
  }
}

/** Columns to write for an applicant. */
export function encryptApplicant(a: Applicant): { applicant_name: string; applicant_id_number: string; applicant_phone: string; applicant_id_hmac: string } {
  return {
    applicant_name: encryptField(a.name, F.name),
    applicant_id_number: encryptField(a.idNumber, F.idNumber),
    applicant_phone: encryptField(a.phone, F.phone),
    applicant_id_hmac: idNumberHmac(a.idNumber)
  }
}
