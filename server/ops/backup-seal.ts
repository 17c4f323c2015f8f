// The keys inside a backup, sealed under the operator's passphrase: scrypt → AES-256-GCM, the manifest's key
// fingerprints bound as AAD (backup-format.ts aadOf).
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto'
import { BackupError, SEALED_FILE, type SealedFile, type SealedKeys } from './backup-format'

// scrypt at N = 2^17, r = 8 (128 MiB, ~0.3 s here): an offline guess at the passphrase costs as much
const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 }

function scrypt(passphrase: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r * p.p }
  return new Promise((resolve, reject) => scryptCb(passphrase, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))))
}

export async function sealKeys(payload: SealedKeys, passphrase: string, aad: Buffer): Promise<SealedFile> {
  const salt = randomBytes(16)
  const key = await scrypt(passphrase, salt, SCRYPT_PARAMS)
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(aad)
  const ct = Buffer.concat([c.update(JSON.stringify(payload), 'utf8'), c.final()])
  return {
    kdf: 'scrypt',
    ...SCRYPT_PARAMS,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
    ct: ct.toString('base64')
  }
}

export async function openKeys(sealed: SealedFile, passphrase: string, aad: Buffer): Promise<SealedKeys> {
  const powerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0
  // bounded, so a crafted archive cannot make the restore allocate gigabytes
  if (sealed.kdf !== 'scrypt' || sealed.cipher !== 'aes-256-gcm' || !powerOfTwo(sealed.N) || sealed.N > 2 ** 20 || !(sealed.r >= 1 && sealed.r <= 16) || !(sealed.p >= 1 && sealed.p <= 4)) {
    throw new BackupError(`${SEALED_FILE}: unsupported sealing parameters`)
  }
  const key = await scrypt(passphrase, Buffer.from(sealed.salt, 'base64'), sealed)
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
    d.setAAD(aad)
    d.setAuthTag(Buffer.from(sealed.tag, 'base64'))
    const plain = Buffer.concat([d.update(Buffer.from(sealed.ct, 'base64')), d.final()])
    return JSON.parse(plain.toString('utf8')) as SealedKeys
  } catch {
    throw new BackupError(
      'wrong passphrase: the sealed keys in this backup do not open with it (or the archive was altered). Nothing was written.'
    )
  }
}
