// POST /uploads: one screenshot as multipart/form-data with exactly one part, a file named `file`.
//
// The whole body is read before anything is stored, so a second file or a stray field refuses the upload
// instead of letting the first part through. A body that is not well-formed multipart — a phone losing its
// connection mid-upload, a boundary that does not match, no boundary at all — is the client's problem, not
// the server's: 400 UPLOAD_MALFORMED (busboy's errors carry no status and would otherwise be a 500).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ErrorCode } from '../../types/api'
import { citizenOf, requireCitizen, resolvePrincipal } from '../auth/guards'
import { AppError } from '../errors'
import { idempotencyKeyFrom } from '../idempotency/service'
import { storeUpload } from './service'
import { rateLimited } from '../security/rate-limits'
import { idempotencyKey, UUID_PATTERN } from '../validation/schemas'
import { uploadInfo } from '../reading/service'
import { uploadInfoResponse } from './info-schema'

/** @fastify/multipart's own errors that say what was wrong with the form, by code */
const MULTIPART_CODES: Record<string, ErrorCode> = {
  FST_REQ_FILE_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'UPLOAD_ONE_FILE_ONLY',
  FST_PARTS_LIMIT: 'UPLOAD_UNEXPECTED_FIELD',
  FST_FIELDS_LIMIT: 'UPLOAD_UNEXPECTED_FIELD',
  FST_PROTO_VIOLATION: 'UPLOAD_UNEXPECTED_FIELD',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UPLOAD_MISSING_FILE'
}

// files: 2 so that a second file part reaches us (and is answered UPLOAD_ONE_FILE_ONLY) rather than busboy
// dropping it silently; the small field limits bound what a hostile form can make us read
const partLimits = (maxBytes: number) => ({ fileSize: maxBytes, files: 2, fields: 4, parts: 6, fieldSize: 1024, fieldNameSize: 100, headerPairs: 20 })

async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const _ of stream) {
    // discarded: read only so that the parser reaches the end of the body
  }
}

/** The one `file` part's bytes; any other shape of form is refused with its code. */
async function readScreenshot(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  let bytes: Buffer | null = null
  let files = 0
  let fields = 0
  try {
    for await (const part of req.parts({ limits: partLimits(maxBytes) })) {
      if (part.type !== 'file') {
        fields++
        continue
      }
      files++
      if (bytes !== null || part.fieldname !== 'file') {
        // a second file, or a file under another name: read past it, answer once the body is in
        await drain(part.file)
      } else {
        bytes = await part.toBuffer() // over UPLOAD_MAX_BYTES: FST_REQ_FILE_TOO_LARGE
        // toBuffer checks truncation per chunk; when busboy marks the stream truncated after its last chunk
        // the cut-off bytes would come through (seen under load): the size limit is enforced here as well
        if (part.file.truncated || bytes.length > maxBytes) throw new AppError('UPLOAD_TOO_LARGE')
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    const e = err as { code?: unknown; message?: unknown }
    const known = typeof e.code === 'string' ? MULTIPART_CODES[e.code] : undefined
    if (known) throw new AppError(known)
    // busboy: "Unexpected end of form", "Malformed part header", "Multipart: Boundary not found", a premature
    // close… — the request's fault, said once at info level (the body is never logged)
    req.log.info({ reason: typeof e.message === 'string' ? e.message.slice(0, 200) : 'unknown' }, 'malformed multipart upload')
    throw new AppError('UPLOAD_MALFORMED')
  }
  if (bytes === null) throw new AppError('UPLOAD_MISSING_FILE')
  if (files > 1) throw new AppError('UPLOAD_ONE_FILE_ONLY')
  if (fields > 0) throw new AppError('UPLOAD_UNEXPECTED_FIELD')
  return bytes
}

const WELL_FORMED_ID = new RegExp(UUID_PATTERN)

export const uploadRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/uploads',
    {
      // citizen first: the per-citizen rate limit reads the principal
      onRequest: [requireCitizen, rateLimited(app, 'uploads')],
      schema: {
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { ...idempotencyKey, description: 'a retry with the same key returns the first upload' } }
        }
      }
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UPLOAD_MISSING_FILE')
      const me = citizenOf(req).id
      // the app retries an upload whose answer was lost (UPLOAD_ATTEMPTS, src/services/upload.ts) with the same
      // key: the retry gets the first upload back instead of storing the screenshot twice
      const key = idempotencyKeyFrom(req.headers['idempotency-key'], me, 'POST /uploads')
      const bytes = await readScreenshot(req, app.config.uploadMaxBytes)
      const r = await storeUpload(app.db, app.config, me, bytes, key).catch((err: unknown) => {
        // the image pool answers a crashed job with INTERNAL and keeps what went wrong as the cause
        if (err instanceof AppError && err.code === 'INTERNAL' && err.cause instanceof Error) req.log.error({ err: err.cause }, 'screenshot processing failed')
        throw err
      })
      return reply.status(r.status).send(r.body)
    }
  )

  // polled by the app (every 1–2 s) while a reading is pending: one indexed row, nothing else
  app.get<{ Params: { id: string } }>(
    '/uploads/:id',
    {
      schema: {
        tags: ['citizen'],
        summary: '截图信息与识别结果（仅上传者本人）',
        // an id-like string that is no upload id is an upload that does not exist (404, like another citizen's);
        // junk (NUL, traversal, quotes, overlong) is refused as a bad request like on every route
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } } },
        response: { 200: uploadInfoResponse }
      }
    },
    async (req, reply) => {
      // no login: 401 as everywhere; a reviewer (or another citizen) is not the owner: 404, the upload is not theirs to know of
      const principal = await resolvePrincipal(req)
      if (!principal) throw new AppError('UNAUTHENTICATED')
      const info =
        principal.kind === 'citizen' && WELL_FORMED_ID.test(req.params.id) ? await uploadInfo(app.db.kysely, principal.id, req.params.id) : null
      // someone else's upload is "not found", like the file itself (server/files)
      if (!info) throw new AppError('FILE_NOT_FOUND')
      return reply.header('Cache-Control', 'no-store').send(info)
    }
  )
}
