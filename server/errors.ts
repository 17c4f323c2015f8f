// Typed errors with stable codes (types/api.ts ERRORS) and the one error handler of the server.
import type { FastifyError, FastifyInstance } from 'fastify'
import { ERRORS, type ErrorBody, type ErrorCode } from '../types/api'
import { FORMATS } from './validation/schemas'

export class AppError extends Error {
  readonly status: number
  readonly field?: string
  /** sent as Retry-After (seconds) with a 429/503 */
  readonly retryAfterSeconds?: number

  constructor(
    readonly code: ErrorCode,
    opts: { message?: string; field?: string; retryAfterSeconds?: number } = {}
  ) {
    super(opts.message ?? ERRORS[code].message)
    this.name = 'AppError'
    this.status = ERRORS[code].status
    this.field = opts.field
    this.retryAfterSeconds = opts.retryAfterSeconds
  }
}

export function errorBody(code: ErrorCode, message?: string, field?: string): ErrorBody {
  const error: ErrorBody['error'] = { code, message: message ?? ERRORS[code].message }
  if (field) error.field = field
  return { error }
}

interface AjvError {
  keyword: string
  instancePath?: string
  params?: Record<string, unknown>
}

/** "/applicant/idNumber" → "applicant.idNumber", "/negativeTests/0/shot" → "negativeTests[0].shot" */
function fieldOf(e: AjvError, context?: string): string | undefined {
  let p = (e.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean)
  if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') p = [...p, e.params.missingProperty]
  if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string')
    p = [...p, e.params.additionalProperty]
  const joined = p.reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '')
  if (joined) return joined
  return context && context !== 'body' ? context : undefined
}

function validationMessage(e: AjvError, field: string | undefined): string {
  const base = ERRORS.VALIDATION_FAILED.message
  if (!field) return base
  switch (e.keyword) {
    case 'required':
      return `缺少必填项：${field}`
    case 'additionalProperties':
      return `提交的内容包含不认识的字段：${field}`
    case 'maxLength':
      return `${field} 内容过长`
    case 'minItems':
    case 'maxItems':
      return `${field} 的数量不符合要求`
    case 'enum':
      return `${field} 的取值不在允许范围内`
    case 'format':
      return `${field} 的格式不正确`
    default:
      return `${field} 格式不正确`
  }
}

const FORMAT_CODES: Record<string, ErrorCode> = {
  [FORMATS.date]: 'INVALID_DATE',
  [FORMATS.instant]: 'INVALID_DATE',
  [FORMATS.line]: 'INVALID_CHARACTERS',
  [FORMATS.text]: 'INVALID_CHARACTERS'
}

export function registerErrorHandling(app: FastifyInstance): void {
  // every error body carries the request id (also in the X-Request-Id header and on every log line of the
  // request), so a citizen's complaint can be traced to the log
  app.addHook('preSerialization', (req, _reply, payload, done) => {
    const body = payload as Partial<ErrorBody> | null
    if (body && typeof body === 'object' && body.error && typeof body.error === 'object' && 'code' in body.error) {
      return done(null, { ...body, error: { ...body.error, requestId: req.id } })
    }
    done(null, payload)
  })
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) reply.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSeconds))))
      return reply.status(err.status).send(errorBody(err.code, err.message, err.field))
    }
    const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string }
    if (fe.validation && fe.validation.length > 0) {
      const first = fe.validation[0]
      const field = fieldOf(first, fe.validationContext)
      // the shared formats (server/validation/schemas.ts) have codes of their own: an impossible date, a control character
      const format = first.keyword === 'format' ? FORMAT_CODES[String(first.params?.format)] : undefined
      if (format) return reply.status(400).send(errorBody(format, undefined, field))
      return reply.status(400).send(errorBody('VALIDATION_FAILED', validationMessage(first, field), field))
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(errorBody('BODY_TOO_LARGE'))
      case 'FST_REQ_FILE_TOO_LARGE':
        return reply.status(413).send(errorBody('UPLOAD_TOO_LARGE'))
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE'))
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return reply.status(400).send(errorBody('UPLOAD_MISSING_FILE'))
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
    if (status === 404) return reply.status(404).send(errorBody('NOT_FOUND'))
    if (status === 429) return reply.status(429).send(errorBody('RATE_LIMITED'))
    if (status >= 400 && status < 500) {
      // malformed JSON, empty body with a JSON content type, and the like
      return reply.status(400).send(errorBody('VALIDATION_FAILED'))
    }
    req.log.error({ err }, 'request failed')
    return reply.status(500).send(errorBody('INTERNAL'))
  })

  app.setNotFoundHandler((_req, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND'))
  })
}
