// The backup archive's format: its manifest, the sealed-keys file and the operator-facing error. backup.ts
// writes and reads archives; backup-seal.ts seals the keys under the passphrase.
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config'
import type { KeyringFile } from '../crypto/keyring'

export const BACKUP_FORMAT = 'popup-appeal-backup/2'
/** archives written before keys were part of a backup: restorable when the keys are supplied apart */
export const LEGACY_FORMAT = 'popup-appeal-backup/1'
export const SEALED_FILE = 'keys.sealed.json'
export const KEY_FILES = ['data.key', 'keys.json', 'receipt.key']
export const MIN_PASSPHRASE_LENGTH = 12

/** An operator's mistake or a refusal: the CLI prints the message alone (no stack). */
export class BackupError extends Error {}

export type KeyConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'dataKey' | 'dataKeys' | 'receiptKey'>

export interface ManifestKeys {
  sealed: boolean
  /** every data key id of the keyring at backup time (kid = first 8 hex digits of the key's SHA-256) */
  dataKeyIds: string[]
  currentKeyId: string
  /** the key the lookup HMACs derive from: a restored server must have this one as its index */
  indexKeyId: string
  /** the key ids the backed-up ciphertext is written under */
  dataKeyIdsInUse: string[]
  /** receiptKeyFingerprint() of the receipt key, or null when there was none (no appeal yet) */
  receiptKeyFingerprint: string | null
}

export interface Manifest {
  format: string
  createdAt: string
  schemaVersion: string | null
  appeals: number
  files: number
  keys?: ManifestKeys
}

export interface SealedKeys {
  dataKeys: KeyringFile
  receiptKey: string | null
}

export interface SealedFile {
  kdf: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  cipher: 'aes-256-gcm'
  iv: string
  tag: string
  ct: string
}

/** The fingerprints are bound as AAD: an archive whose manifest names other keys than the sealed ones fails to open. */
export function aadOf(keys: ManifestKeys): Buffer {
  const { dataKeyIds, currentKeyId, indexKeyId, receiptKeyFingerprint } = keys
  return Buffer.from(`${BACKUP_FORMAT}\u0000${JSON.stringify({ dataKeyIds, currentKeyId, indexKeyId, receiptKeyFingerprint })}`)
}

/** The manifest of an unpacked archive, checked: a known format and, from format 2, well-formed key fingerprints. */
export function readManifest(dir: string): Manifest {
  let manifest: Manifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
  } catch {
    throw new BackupError('not a backup of this service (no readable manifest.json)')
  }
  if (manifest.format !== BACKUP_FORMAT && manifest.format !== LEGACY_FORMAT) {
    throw new BackupError(`not a backup of this service (format ${String(manifest.format)})`)
  }
  if (manifest.format === BACKUP_FORMAT) {
    const k = manifest.keys
    const kid = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{8}$/.test(v)
    if (!k || !Array.isArray(k.dataKeyIds) || !k.dataKeyIds.every(kid) || !kid(k.indexKeyId) || !Array.isArray(k.dataKeyIdsInUse) || !k.dataKeyIdsInUse.every(kid)) {
      throw new BackupError('manifest.json: the key fingerprints are missing or malformed')
    }
  }
  return manifest
}
