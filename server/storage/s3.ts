// Evidence in an S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS…) through the AWS SDK v3 client.
// The bucket stays private: bytes reach people only through GET /files/:id after its access check; this module
// never hands out object URLs. The credentials live in the client alone and are never logged.
import type { Readable } from 'node:stream'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException
} from '@aws-sdk/client-s3'
import { assertKey, type EvidenceStore, type ListedObject, type StoredObject } from './store'

export interface S3Settings {
  endpoint: string | null
  bucket: string
  region: string
  accessKeyId: string | null
  secretAccessKey: string | null
  forcePathStyle: boolean
}

function notFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404
  return false
}

export function s3Client(s: S3Settings): S3Client {
  return new S3Client({
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    // without explicit keys the SDK's own chain applies (AWS_* variables, an instance or pod role)
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
    // since 3.729 the SDK adds CRC32 checksums (trailers on streamed bodies) to every request by default;
    // several S3-compatible stores reject them, so they are sent only where an operation requires one
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3
  })
}

export function s3Store(s: S3Settings, client: S3Client = s3Client(s)): EvidenceStore {
  const Bucket = s.bucket
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      assertKey(key)
      // one PUT is atomic on S3: the object appears whole or not at all
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }))
    },
    async get(key): Promise<StoredObject | null> {
      assertKey(key)
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: key }))
        if (!r.Body) return null
        // in Node the body is the HTTP response itself: streamed on, never buffered whole here
        return { body: r.Body as Readable, size: r.ContentLength ?? null }
      } catch (err) {
        if (notFound(err)) return null
        throw err
      }
    },
    async exists(key) {
      assertKey(key)
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }))
        return true
      } catch (err) {
        if (notFound(err)) return false
        throw err
      }
    },
    async delete(key) {
      assertKey(key)
      // S3 answers 204 for a missing key too, so a retried purge succeeds
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }))
    },
    async *list(prefix): AsyncIterable<ListedObject> {
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }))
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, modifiedAt: o.LastModified ?? new Date(0) }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
    }
  }
}
