// Signatures the health-code operator checks on what we send it: webhook deliveries (X-Signature) and the
// manifest of an offline batch file. One secret per operator, made by the operator CLI and printed once;
// it is stored encrypted with the data keyring because signing needs it back in clear (a hash would not do).
//
// Header: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. A receiver
// recomputes the HMAC over the exact bytes it received and rejects a t outside its replay window
// (REPLAY_WINDOW_SECONDS, 5 min, either side): a captured request cannot be replayed later, and a body
// changed in transit no longer matches. Several v1= entries may appear (a receiver accepts any match),
// which leaves room for a secret rotation without a gap.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { decryptField, encryptField } from '../crypto/keyring'

export const SIGNATURE_HEADER = 'x-signature'
export const REPLAY_WINDOW_SECONDS = 300
/** AAD label of the encrypted secret (server/crypto/keyring.ts): a ciphertext moved to another column will not decrypt */
export const SECRET_FIELD = 'operators.signing_secret'
const SECRET_PREFIX = 'whsec_'

/** A fresh secret: 32 random bytes, base64url, recognisable by its prefix in a config file or a leak scan. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

export function sealSecret(secret: string): string {
  return encryptField(secret, SECRET_FIELD)
}

export function openSecret(sealed: string): string {
  return decryptField(sealed, SECRET_FIELD)
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex')
}

/** The X-Signature value for `body` sent at unix time `t` (seconds). */
export function signatureHeader(secret: string, body: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`
}

export type VerifyResult = { ok: true; t: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' }

/**
 * What a receiver runs (exported for operators' reference and the tests): parse, check the window first
 * (cheap, and a stale request is refused whatever its HMAC), then compare in constant time.
 */
export function verifySignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  opts: { nowSeconds?: number; windowSeconds?: number } = {}
): VerifyResult {
  if (typeof header !== 'string' || header.length > 2000) return { ok: false, reason: 'malformed' }
  let t: number | null = null
  const candidates: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return { ok: false, reason: 'malformed' }
    const k = part.slice(0, eq).trim()
    const v = part.slice(eq + 1).trim()
    if (k === 't') {
      if (!/^\d{1,12}$/.test(v) || t !== null) return { ok: false, reason: 'malformed' }
      t = Number(v)
    } else if (k === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(v)) return { ok: false, reason: 'malformed' }
      candidates.push(v)
    }
    // unknown schemes (a future v2) are ignored, so a sender can add one without breaking old receivers
  }
  if (t === null || candidates.length === 0) return { ok: false, reason: 'malformed' }
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - t) > (opts.windowSeconds ?? REPLAY_WINDOW_SECONDS)) return { ok: false, reason: 'stale' }
  const expected = Buffer.from(hmacHex(secret, `${t}.${body}`), 'hex')
  const match = candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected))
  return match ? { ok: true, t } : { ok: false, reason: 'mismatch' }
}

/** The string a batch manifest's signature covers: every manifest field but the signature, in a fixed order. */
export function manifestMessage(m: { format: string; batchId: string; operator: string; createdAt: string; count: number; sha256: string }): string {
  return [m.format, m.batchId, m.operator, m.createdAt, String(m.count), m.sha256].join('.')
}

export function signManifest(secret: string, m: Parameters<typeof manifestMessage>[0]): string {
  return 'v1=' + hmacHex(secret, manifestMessage(m))
}

export function verifyManifest(secret: string, m: Parameters<typeof manifestMessage>[0] & { signature: string }): boolean {
  const got = /^v1=([0-9a-f]{64})$/.exec(m.signature)
  if (!got) return false
  return timingSafeEqual(Buffer.from(got[1], 'hex'), Buffer.from(hmacHex(secret, manifestMessage(m)), 'hex'))
}
