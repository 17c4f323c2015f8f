// The seam between the evidence and where its bytes live (docs/scaling.md §2.4). Every reader and writer of
// screenshot bytes goes through an EvidenceStore, so API instances on different machines can share one
// S3-compatible bucket instead of each keeping its own DATA_DIR/files.
//
// Keys are relative paths: `files/<upload id>` (the re-encoded screenshot) and `files/<upload id>.thumb`.
// The local store maps them under DATA_DIR (today's layout, so existing deployments and backups keep working);
// the S3 store uses them as object keys under an optional prefix.
import type { Readable } from 'node:stream'

export interface StoredObject {
  body: Readable
  /** bytes, when the store knows it before streaming (sent as Content-Length) */
  size: number | null
}

export interface EvidenceStore {
  readonly kind: 'local' | 's3'
  /** writes the whole object or nothing: a reader never sees half a screenshot */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** a stream of the object, or null when there is none */
  get(key: string): Promise<StoredObject | null>
  exists(key: string): Promise<boolean>
  /** idempotent: deleting what is not there succeeds */
  delete(key: string): Promise<void>
  /** every object under the prefix (for backups and the sweep of objects without a row), in no particular order */
  list(prefix: string): AsyncIterable<ListedObject>
}

export interface ListedObject {
  key: string
  modifiedAt: Date
}

export type EvidenceSize = 'full' | 'thumb'

export const EVIDENCE_PREFIX = 'files/'

export function evidenceKey(uploadId: string, size: EvidenceSize = 'full'): string {
  return `${EVIDENCE_PREFIX}${uploadId}${size === 'thumb' ? '.thumb' : ''}`
}

const KEY = /^[a-z]+\/[A-Za-z0-9][A-Za-z0-9._-]*$/

/** Keys come from generated ids, never from a request; still, a key that could climb out of the store is a bug. */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key: ${JSON.stringify(key)}`)
}
