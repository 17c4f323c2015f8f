// The offline batch (issue 12) for an operator without an API: a supervisor downloads a signed JSON Lines
// file of open corrections and carries it over; later uploads the operator's result file.
//
// Download — GET /review/corrections/batch?operator=NAME[&limit=N][&resend=true]:
//   line 1, the manifest: {"format","batchId","operator","createdAt","count","sha256","signature"}
//   then `count` lines, one CorrectionItem each (the feed's item shape).
//   sha256 = hex SHA-256 of every byte after the manifest line's "\n" (the item lines, each ending in "\n");
//   signature = "v1=" + hex HMAC-SHA256(operator's signing secret,
//               "<format>.<batchId>.<operator>.<createdAt>.<count>.<sha256>") (server/corrections/signing.ts).
//   Waiting corrections are handed over to that operator on the same transaction that builds the file, and
//   the export is audited (who, which operator, which correction ids, the digest — no personal data).
//   resend=true also includes corrections handed over before and still unanswered (a file that was lost).
// Upload — POST /review/corrections/batch-results?operator=NAME, body JSON Lines of {"id","result","note"?}:
//   each line goes through applyAck on its own transaction (all-or-nothing per line); the answer reports every
//   line (applied / unchanged / error with its code). Uploading the same file again changes nothing and
//   reports every line unchanged. A manifest line (a line with "format") is skipped, so a file that kept it works.
import { createHash, randomUUID } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { ACK_RESULTS, type AckResult, type CorrectionItem } from '../../types/correction'
import { ERRORS, type ErrorCode } from '../../types/api'
import { isCleanText } from '../../src/domain/text'
import { inShanghai } from '../../src/domain/time'
import type { OperatorPrincipal, ReviewerPrincipal } from '../context'
import type { Db } from '../db/dialect'
import { requireReviewer, requireSupervisor, reviewerOf } from '../auth/guards'
import { recordAudit } from '../audit/service'
import { AppError } from '../errors'
import { line as lineSchema, text, UUID_PATTERN } from '../validation/schemas'
import { applyAck, itemsOf, markHandedOver } from './service'
import { openSecret, signManifest } from './signing'

export const BATCH_FORMAT = 'popup-appeal.corrections.v1'
export const BATCH_DEFAULT_LIMIT = 1000
export const BATCH_MAX_LIMIT = 5000
/** a result file answers one batch file: at most as many lines as a batch has items */
export const RESULTS_MAX_LINES = BATCH_MAX_LIMIT
/** a result line is ~120 bytes; 5 000 lines with 500-character notes fit */
export const RESULTS_MAX_BYTES = 8 * 1024 * 1024
/** result lines applied at once on PostgreSQL (a pool connection each) */
const RESULTS_CONCURRENCY = 4

export interface BatchManifest {
  format: typeof BATCH_FORMAT
  batchId: string
  operator: string
  createdAt: string
  count: number
  sha256: string
  signature: string
}

export interface BatchLineOutcome {
  /** 1-based line number in the uploaded file */
  line: number
  id?: string
  outcome: 'applied' | 'unchanged' | 'error'
  result?: AckResult
  code?: ErrorCode
  message?: string
}

export interface BatchResultsResponse {
  operator: string
  total: number
  applied: number
  unchanged: number
  failed: number
  lines: BatchLineOutcome[]
}

async function batchOperator(db: Db, name: string): Promise<{ principal: OperatorPrincipal; secret: string | null }> {
  const op = await db.kysely.selectFrom('operators').select(['id', 'name', 'signing_secret', 'disabled_at']).where('name', '=', name).executeTakeFirst()
  if (!op || op.disabled_at) throw new AppError('OPERATOR_NOT_FOUND', { field: 'operator' })
  return { principal: { kind: 'operator', id: op.id, name: op.name }, secret: op.signing_secret }
}

/** Builds the file and hands its waiting corrections over, on one transaction. */
export async function exportBatch(
  db: Db,
  reviewer: ReviewerPrincipal,
  q: { operator: string; limit?: number; resend?: boolean }
): Promise<{ manifest: BatchManifest; text: string }> {
  const { principal: operator, secret } = await batchOperator(db, q.operator)
  if (!secret) throw new AppError('OPERATOR_NO_SECRET', { field: 'operator' })
  const limit = Math.max(1, Math.min(q.limit ?? BATCH_DEFAULT_LIMIT, BATCH_MAX_LIMIT))
  const now = new Date()
  const createdAt = now.toISOString()
  const batchId = randomUUID()
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('corrections')
      .innerJoin('appeals', 'appeals.id', 'corrections.appeal_id')
      .select(['corrections.id', 'corrections.status'])
      .where('corrections.status', 'in', q.resend ? ['waiting', 'handed_over'] : ['waiting'])
      .where('appeals.anonymised_at', 'is', null)
      .orderBy('corrections.decided_at')
      .orderBy('corrections.id')
      .limit(limit)
      // PostgreSQL: two supervisors exporting at once do not both hand the same waiting rows over to their files
      .$if(db.dialect === 'postgres', (qb) => qb.forUpdate('corrections').skipLocked())
      .execute()
    const ids = rows.map((r) => r.id)
    await markHandedOver(trx, rows.filter((r) => r.status === 'waiting').map((r) => r.id), operator, now)
    const items: CorrectionItem[] = await itemsOf(trx, ids)
    const body = items.map((it) => JSON.stringify(it) + '\n').join('')
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex')
    const unsigned = { format: BATCH_FORMAT as typeof BATCH_FORMAT, batchId, operator: operator.name, createdAt, count: items.length, sha256 }
    const manifest: BatchManifest = { ...unsigned, signature: signManifest(openSecret(secret), unsigned) }
    await recordAudit(
      trx,
      reviewer,
      'correction_batch_export',
      null,
      JSON.stringify({ batchId, operator: operator.name, count: items.length, sha256, resend: q.resend === true, ids }),
      { at: createdAt }
    )
    return { manifest, text: JSON.stringify(manifest) + '\n' + body }
  })
}

const ID_RE = new RegExp(UUID_PATTERN)
const LINE_KEYS = new Set(['id', 'result', 'note'])

/** One result line → {id, result, note} or the error to report for it (never thrown: other lines go on). */
function parseResultLine(raw: string): { id: string; result: AckResult; note?: string } | { skip: true } | { code: ErrorCode; message: string; id?: string } {
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    return { code: 'VALIDATION_FAILED', message: '这一行不是有效的 JSON' }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { code: 'VALIDATION_FAILED', message: '这一行应为一个 JSON 对象 {id, result, note?}' }
  const o = v as Record<string, unknown>
  if (typeof o.format === 'string') return { skip: true } // the manifest line, kept in the file
  const id = typeof o.id === 'string' && ID_RE.test(o.id) ? o.id : undefined
  if (!id) return { code: 'VALIDATION_FAILED', message: 'id 缺失或格式不正确' }
  for (const k of Object.keys(o)) if (!LINE_KEYS.has(k)) return { code: 'VALIDATION_FAILED', message: `不认识的字段：${k.slice(0, 40)}`, id }
  if (typeof o.result !== 'string' || !(ACK_RESULTS as readonly string[]).includes(o.result)) {
    return { code: 'VALIDATION_FAILED', message: `result 应为 ${ACK_RESULTS.join(' / ')} 之一`, id }
  }
  if (o.note !== undefined && o.note !== null) {
    if (typeof o.note !== 'string' || o.note.length > 500) return { code: 'VALIDATION_FAILED', message: 'note 应为不超过 500 字的文字', id }
    if (!isCleanText(o.note)) return { code: 'INVALID_CHARACTERS', message: ERRORS.INVALID_CHARACTERS.message, id }
  }
  return { id, result: o.result as AckResult, note: typeof o.note === 'string' ? o.note : undefined }
}

export async function importResults(db: Db, reviewer: ReviewerPrincipal, operatorName: string, text: string): Promise<BatchResultsResponse> {
  const { principal: operator } = await batchOperator(db, operatorName)
  const rawLines = text.split(/\r?\n/)
  if (rawLines.length > RESULTS_MAX_LINES + 2) {
    throw new AppError('VALIDATION_FAILED', { message: `结果文件不能超过 ${RESULTS_MAX_LINES} 行，请分批上传`, field: 'body' })
  }
  const out: BatchResultsResponse = { operator: operator.name, total: 0, applied: 0, unchanged: 0, failed: 0, lines: [] }
  // lines of one correction run in file order, one after another; different corrections run side by side
  // on PostgreSQL (each line is its own transaction: a few round trips and a commit); SQLite has one writer
  const chains = new Map<string, { line: number; result: AckResult; note?: string }[]>()
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i].trim()
    if (raw === '') continue
    const parsed = parseResultLine(raw)
    if ('skip' in parsed) continue
    out.total++
    if ('code' in parsed) {
      out.lines.push({ line: i + 1, id: parsed.id, outcome: 'error', code: parsed.code, message: parsed.message })
      continue
    }
    const chain = chains.get(parsed.id) ?? []
    chain.push({ line: i + 1, result: parsed.result, note: parsed.note })
    chains.set(parsed.id, chain)
  }
  if (out.total === 0) throw new AppError('VALIDATION_FAILED', { message: '结果文件是空的：每行应为 {"id","result","note"?}', field: 'body' })
  const queue = [...chains.entries()]
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [id, lines] = next
      for (const l of lines) {
        const before = new Date().toISOString()
        try {
          const r = await applyAck(db, id, l.result, l.note, operator)
          // answered before this line was read: a repeat (the same file again), nothing was written
          out.lines.push({ line: l.line, id, outcome: r.acknowledgedAt < before ? 'unchanged' : 'applied', result: r.result })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          out.lines.push({ line: l.line, id, outcome: 'error', code: err.code as ErrorCode, message: err.message })
        }
      }
    }
  }
  await Promise.all(Array.from({ length: db.dialect === 'postgres' ? RESULTS_CONCURRENCY : 1 }, worker))
  out.lines.sort((a, b) => a.line - b.line)
  for (const l of out.lines) {
    if (l.outcome === 'error') out.failed++
    else out[l.outcome]++
  }
  await recordAudit(
    db.kysely,
    reviewer,
    'correction_batch_results',
    null,
    JSON.stringify({ operator: operator.name, total: out.total, applied: out.applied, unchanged: out.unchanged, failed: out.failed })
  )
  return out
}

const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain']

export const correctionBatchRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireReviewer)
  app.addHook('preHandler', requireSupervisor)
  // result files are JSON Lines, not one JSON document; UTF-8 only, like every other body (BODY_NOT_UTF8)
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  app.addContentTypeParser(JSONL_TYPES, { parseAs: 'buffer', bodyLimit: RESULTS_MAX_BYTES }, (_req, body, done) => {
    try {
      done(null, utf8.decode(body as Buffer))
    } catch {
      done(new AppError('BODY_NOT_UTF8'), undefined)
    }
  })

  const operatorName = lineSchema(64, 1)

  app.get<{ Querystring: { operator: string; limit?: string; resend?: 'true' | 'false' } }>(
    '/review/corrections/batch',
    {
      schema: {
        tags: ['review'],
        summary: '离线批量：下载签名的纠错文件（主管）',
        description:
          'JSON Lines 文件。第一行是清单 {format, batchId, operator, createdAt, count, sha256, signature}，其后每行一条纠错（与运营方接口 GET /operator/corrections 的条目相同，含完整身份信息）。' +
          'sha256 是清单行换行符之后全部字节的 SHA-256（十六进制）；signature = "v1=" + HMAC-SHA256(运营方签名密钥, "<format>.<batchId>.<operator>.<createdAt>.<count>.<sha256>")。' +
          '下载即视为已转交该运营方（申诉时间线 handed_over），并记入审计。resend=true 同时包含已转交但尚未答复的纠错（文件遗失时重新下载）。',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['operator'],
          properties: {
            operator: operatorName,
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
            resend: { type: 'string', enum: ['true', 'false'] }
          }
        }
      }
    },
    async (req, reply) => {
      const q = req.query
      const { manifest, text } = await exportBatch(app.db, reviewerOf(req), {
        operator: q.operator,
        limit: q.limit === undefined ? undefined : Number(q.limit),
        resend: q.resend === 'true'
      })
      // the file name carries the Beijing time of the export, never anything personal
      const stamp = inShanghai(manifest.createdAt).format('YYYYMMDD-HHmmss')
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="corrections-${stamp}-${manifest.batchId.slice(0, 8)}.jsonl"`)
        .header('cache-control', 'no-store')
        .send(text)
    }
  )

  app.post<{ Querystring: { operator: string }; Body: string }>(
    '/review/corrections/batch-results',
    {
      bodyLimit: RESULTS_MAX_BYTES,
      schema: {
        tags: ['review'],
        summary: '离线批量：上传运营方的处理结果（主管）',
        description:
          `请求体为 JSON Lines（Content-Type: application/x-ndjson），每行 {"id": 纠错 id, "result": "cleared"|"not_found"|"refused", "note"?: 说明}，最多 ${RESULTS_MAX_LINES} 行。` +
          '每行单独确认（与 POST /operator/corrections/:id/ack 相同的规则，一行失败不影响其他行）；返回逐行结果 applied / unchanged / error。同一文件重复上传不会重复生效。',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['operator'],
          properties: { operator: operatorName }
        },
        // the raw file: text without control characters (JSON escapes them anyway); each line is checked on its own
        body: { content: Object.fromEntries(JSONL_TYPES.map((t) => [t, { schema: { ...text(RESULTS_MAX_BYTES) } }])) }
      }
    },
    async (req) => {
      if (typeof req.body !== 'string') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 JSON Lines 上传结果文件（Content-Type: application/x-ndjson）' })
      }
      return importResults(app.db, reviewerOf(req), req.query.operator, req.body)
    }
  )
}
