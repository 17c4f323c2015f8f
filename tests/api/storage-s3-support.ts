// A local S3-protocol server (s3rver, from npm: no binary, no download) on 127.0.0.1 and a free port, with one
// private bucket, in a temp directory removed on stop; and the environment that points API processes at it.
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { s3Client } from '../../server/storage/s3'
import { sqliteFile } from '../../server/db/dialect'
import type { Store } from './child'

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>
  close(): Promise<void>
}
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance
// s3rver ships no types, and its typings package lags the code: the two calls used here are declared above
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as S3rverClass

export interface LocalS3 {
  env: Record<string, string>
  /** a client of the test's own, to look into the bucket */
  client: S3Client
  bucket: string
  keys(): Promise<string[]>
  bytes(key: string): Promise<Buffer>
  stop(): Promise<void>
}

export async function startLocalS3(): Promise<LocalS3> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-s3-'))
  const bucket = 'evidence'
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = await server.run()
  const env = {
    STORAGE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: bucket,
    S3_REGION: 'us-east-1',
    // s3rver's fixed pair; it checks the signature made with them
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true'
  }
  const client = s3Client({ endpoint: env.S3_ENDPOINT, bucket, region: env.S3_REGION, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true })
  return {
    env,
    client,
    bucket,
    async keys() {
      const r = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
      return (r.Contents ?? []).map((o) => o.Key!).sort()
    },
    async bytes(key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      return Buffer.from(await r.Body!.transformToByteArray())
    },
    async stop() {
      client.destroy()
      await server.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/**
 * A second DATA_DIR for a second API process on the same database. On PostgreSQL the database is elsewhere
 * anyway; on SQLite the database file is DATA_DIR/appeals.sqlite, so the second directory holds a symlink to
 * the first one's (SQLite follows it, WAL and locks included) and nothing else is shared.
 */
export async function secondDataDir(store: Store): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-child-b-'))
  if (!store.env.DATABASE_URL) {
    const db = sqliteFile({ dataDir: store.dir })
    await symlink(db, sqliteFile({ dataDir: dir }))
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}
