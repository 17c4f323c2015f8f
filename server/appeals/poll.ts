// GET /appeals/:id — the citizen's status poll. With an If-None-Match that still holds it is answered from
// memory (server/appeals/versions.ts): no query, no decryption, 304. An unchanged appeal polled without one
// gets the masked view remembered when it was last read, also from memory. Otherwise the full view, read and
// remembered, with the ETag of the state it was read from (polls that miss while such a read runs wait for it
// and look again); the response schema lets fast-json-stringify serialise it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Appeal } from '../../types/appeal'
import type { AppealRow } from '../db/schema'
import { citizenOf } from '../auth/guards'
import { ownRow } from './service'
import { toAppeal } from './view'
import { etagOf, type AppealVersions, type CachedState } from './versions'

export const ifNoneMatch = {
  type: 'object',
  properties: { 'if-none-match': { type: 'string', maxLength: 512, description: '上次响应的 ETag；未变化时返回 304（无响应体）' } }
} as const

/** the client keeps the body it has; no shared cache may keep a citizen's appeal */
const CACHE_CONTROL = 'private, no-cache'

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}

/** The answer from memory for a cached state: 304, or the remembered view; undefined when neither applies. */
function fromMemory(
  versions: AppealVersions,
  id: string,
  hit: CachedState,
  asked: string | undefined,
  reply: FastifyReply
): { answer: Appeal | undefined } | undefined {
  reply.header('etag', hit.etag).header('cache-control', CACHE_CONTROL)
  if (matches(asked, hit.etag)) {
    reply.code(304)
    return { answer: reply.send() as unknown as undefined }
  }
  // an unchanged appeal polled without (or with an old) If-None-Match: the view remembered with it
  const view = versions.viewOf(id, hit)
  return view ? { answer: view } : undefined
}

export async function pollAppeal(
  app: FastifyInstance,
  versions: AppealVersions,
  req: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply
): Promise<Appeal | undefined> {
  const me = citizenOf(req).id
  const { id } = req.params
  const asked = req.headers['if-none-match']
  const snapshotMs = app.config.queueSnapshotMs
  const hit = await versions.cached(app.db.kysely, me, id, snapshotMs)
  const served = hit && fromMemory(versions, id, hit, asked, reply)
  if (served) return served.answer
  const running = versions.readRunning(me, id)
  if (running) {
    // its outcome belongs to the poll that started it; this one only wants what it leaves in memory
    await running.catch(() => undefined)
    const after = await versions.cached(app.db.kysely, me, id, snapshotMs)
    const joined = after && fromMemory(versions, id, after, asked, reply)
    if (joined) return joined.answer
  }
  const { row, appeal } = await versions.coldRead(me, id, () => readAndRemember(app, versions, me, id))
  const etag = etagOf(row, appeal.overdue, appeal.queue)
  reply.header('etag', etag).header('cache-control', CACHE_CONTROL)
  if (matches(asked, etag)) {
    reply.code(304)
    return reply.send()
  }
  return appeal
}

async function readAndRemember(app: FastifyInstance, versions: AppealVersions, me: string, id: string): Promise<{ row: AppealRow; appeal: Appeal }> {
  // the version is read before the rest of the view: a write in between leaves an ETag older than the body,
  // which the next poll simply does not match
  const loading = versions.begin(id)
  try {
    const row = await ownRow(app.db.kysely, me, id)
    const appeal = await toAppeal(app.db.kysely, row, { mask: true, now: new Date(), config: app.config })
    versions.remember(loading, row, appeal)
    return { row, appeal }
  } catch (err) {
    // polls of ids that are not the caller's must leave nothing behind
    versions.abandon(loading)
    throw err
  }
}

// ---- response schema (types/appeal.ts Appeal): every field listed, since serialisation drops the rest ----
const str = { type: 'string' } as const
const nullableStr = { type: ['string', 'null'] } as const
const nullable = <T extends object>(s: T) => ({ anyOf: [s, { type: 'null' }] }) as const

const decision = {
  type: 'object',
  required: ['outcome', 'reasonCode', 'note', 'decidedAt'],
  properties: { outcome: str, reasonCode: nullableStr, note: nullableStr, decidedAt: str }
} as const

const correction = {
  type: 'object',
  required: ['status', 'attempt'],
  properties: {
    status: str,
    handedOverAt: str,
    clearedAt: str,
    note: str,
    attempt: { type: 'integer' },
    stillPoppedAvailableAt: nullableStr
  }
} as const

export const appealResponse = {
  type: 'object',
  properties: {
    id: str,
    trackingNo: str,
    status: str,
    category: str,
    district: str,
    triggerDate: nullableStr,
    blockedFromTesting: { type: 'boolean' },
    needBy: nullable({ type: 'object', required: ['date', 'reason'], properties: { date: str, reason: str } }),
    popupShot: str,
    negativeTests: { type: 'array', items: { type: 'object', required: ['shot', 'sampledAt'], properties: { shot: str, sampledAt: str } } },
    applicant: { type: 'object', required: ['name', 'idNumber', 'phone'], properties: { name: str, idNumber: str, phone: str } },
    statement: str,
    createdAt: str,
    updatedAt: str,
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'type', 'from', 'to', 'actor', 'note'],
        properties: { at: str, type: str, from: nullableStr, to: nullableStr, actor: str, actorName: str, note: nullableStr }
      }
    },
    decision: nullable(decision),
    dueAt: str,
    overdue: { type: 'boolean' },
    queue: nullable({ type: 'object', required: ['position', 'etaMinutes'], properties: { position: { type: 'integer' }, etaMinutes: { type: ['integer', 'null'] } } }),
    urgedAt: nullableStr,
    urgeAvailableAt: nullableStr,
    withdrawReason: nullableStr,
    rating: nullable({ type: 'object', required: ['score', 'comment', 'at'], properties: { score: { type: 'integer' }, comment: nullableStr, at: str } }),
    correction: nullable(correction)
  }
} as const
