// Which evidence store this process uses (STORAGE), one per loaded configuration.
import type { Config } from '../config'
import { ConfigError } from '../config'
import { localStore } from './local'
import { s3Store } from './s3'
import type { EvidenceStore } from './store'

export { evidenceKey, EVIDENCE_PREFIX, type EvidenceStore, type EvidenceSize } from './store'

export type StorageConfig = Pick<Config, 'dataDir'> &
  Partial<Pick<Config, 'storage' | 's3Endpoint' | 's3Bucket' | 's3Region' | 's3AccessKeyId' | 's3SecretAccessKey' | 's3ForcePathStyle'>>

// keyed by the config object: every module of one app shares one S3 client (and its connection pool)
const stores = new WeakMap<object, EvidenceStore>()

/** Throws ConfigError for an unusable combination; called at boot (server/files/routes.ts) so a bad setting stops the start. */
export function storageFor(config: StorageConfig): EvidenceStore {
  const cached = stores.get(config)
  if (cached) return cached
  let store: EvidenceStore
  if (config.storage === 's3') {
    if (!config.s3Bucket) throw new ConfigError('S3_BUCKET', 'required when STORAGE=s3')
    if (!config.s3AccessKeyId !== !config.s3SecretAccessKey) {
      throw new ConfigError('S3_ACCESS_KEY_ID', 'set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (or neither, for the SDK\'s own credential chain)')
    }
    store = s3Store({
      endpoint: config.s3Endpoint ?? null,
      bucket: config.s3Bucket,
      region: config.s3Region ?? 'us-east-1',
      accessKeyId: config.s3AccessKeyId ?? null,
      secretAccessKey: config.s3SecretAccessKey ?? null,
      forcePathStyle: config.s3ForcePathStyle ?? false
    })
  } else {
    store = localStore(config.dataDir)
  }
  stores.set(config, store)
  return store
}
