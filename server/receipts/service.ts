// Receipts for test sites: a compact signed token naming a live appeal, shown as a QR code;
// GET /verify/:token renders a plain page staff can read in seconds. Closing the appeal ends its validity.
//
// Token: <appeal uuid as 22 base64url chars>.<issued-at, base36 seconds>.<HMAC-SHA256 truncated to 16 bytes, base64url>
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { AppealStatus } from '../../types/appeal'
import type { ReceiptResponse } from '../../types/api'
import { maskIdNumber, maskName } from '../../src/domain/masking'
import { decryptField, F } from '../crypto/keyring'
import { formatDateTime } from '../../src/domain/time'
import { isClosed } from '../../src/domain/transitions'
import { RECEIPT_STATUS_TEXT } from '../../src/domain/policy'
import type { CorrectionRow } from '../db/schema'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { AppError } from '../errors'

const keys = new Map<string, Buffer>()

export function receiptKeyFile(dataDir: string): string {
  return path.join(dataDir, 'receipt.key')
}

/** The receipt key a server on this config would use (RECEIPT_KEY, else DATA_DIR/receipt.key), or null; never generates. */
export function existingReceiptKey(config: Pick<Config, 'receiptKey' | 'dataDir'>): Buffer | null {
  if (config.receiptKey) return Buffer.from(config.receiptKey, 'utf8')
  try {
    return Buffer.from(fs.readFileSync(receiptKeyFile(config.dataDir), 'utf8').trim(), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/** Names a receipt key in manifests and messages without revealing it (domain-separated SHA-256, 16 hex digits). */
export function receiptKeyFingerprint(key: Buffer): string {
  return createHash('sha256').update('popup-appeal/receipt-key-fingerprint\u0000').update(key).digest('hex').slice(0, 16)
}

/**
 * RECEIPT_KEY, or DATA_DIR/receipt.key (0600), generated here if missing. server/main.ts creates it at start
 * while no appeal exists and refuses to start when appeals exist without one (receipts already issued would
 * stop verifying), so generation here only happens for a server built without main.ts (tests).
 */
export function receiptKey(config: Pick<Config, 'receiptKey' | 'dataDir'>): Buffer {
  if (config.receiptKey) return Buffer.from(config.receiptKey, 'utf8')
  const file = receiptKeyFile(config.dataDir)
  const cached = keys.get(file)
  if (cached) return cached
  fs.mkdirSync(config.dataDir, { recursive: true })
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8')
  keys.set(file, key)
  return key
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url')
}

export function makeToken(key: Buffer, appealId: string, issuedAt: Date): string {
  const id = Buffer.from(appealId.replace(/-/g, ''), 'hex').toString('base64url')
  const payload = `${id}.${Math.floor(issuedAt.getTime() / 1000).toString(36)}`
  return `${payload}.${sign(key, payload)}`
}

/** The appeal id and issue time of a genuine token; null for anything forged or malformed. */
export function readToken(key: Buffer, token: string): { appealId: string; issuedAt: Date } | null {
  const m = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!m) return null
  const expected = Buffer.from(sign(key, `${m[1]}.${m[2]}`))
  const given = Buffer.from(m[3])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  const hex = Buffer.from(m[1], 'base64url').toString('hex')
  if (hex.length !== 32) return null
  const appealId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return { appealId, issuedAt: new Date(parseInt(m[2], 36) * 1000) }
}

/** The latest correction attempt's status and answer time, for the receipt's validity and stage. */
async function correctionOf(db: Kysely<Database>, appealId: string): Promise<Pick<CorrectionRow, 'status' | 'acked_at'> | undefined> {
  return db.selectFrom('corrections').select(['status', 'acked_at']).where('appeal_id', '=', appealId).orderBy('attempt', 'desc').limit(1).executeTakeFirst()
}

/**
 * Valid from submission until the popup is confirmed cleared (issue 12): an approved appeal whose correction
 * is waiting, handed over or not cleared still needs proof at the test-site door. Rejected and withdrawn
 * appeals end it.
 */
export function receiptValid(status: AppealStatus, correction: Pick<CorrectionRow, 'status'> | undefined): boolean {
  if (status === 'approved') return correction?.status !== 'cleared'
  return !isClosed(status)
}

export async function issueReceipt(db: Kysely<Database>, config: Config, citizenId: string, appealId: string): Promise<ReceiptResponse> {
  const row = await db
    .selectFrom('appeals')
    .select(['id', 'status'])
    .where('id', '=', appealId)
    .where('citizen_id', '=', citizenId)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  const status = row.status as AppealStatus
  if (!receiptValid(status, status === 'approved' ? await correctionOf(db, row.id) : undefined)) throw new AppError('RECEIPT_INVALID')
  const now = new Date()
  const token = makeToken(receiptKey(config), row.id, now)
  return { token, verifyPath: `/verify/${token}`, issuedAt: now.toISOString() }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`)
}

const RULE = '本市规定：测试点不得拒绝弹窗人员检测。请为持有效申诉凭证的人员正常提供核酸检测服务。'

function page(title: string, rows: [string, string][], valid: boolean): string {
  const body = rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:18px/1.6 sans-serif;margin:16px;color:#222}h1{font-size:24px;color:${valid ? '#157347' : '#b02a37'}}
th{text-align:left;padding-right:12px;color:#555;font-weight:normal}td{font-weight:bold}.rule{margin-top:16px;padding:12px;background:#fff3cd;border-radius:6px}</style>
</head><body><h1>${escapeHtml(title)}</h1><table>${body}</table><p class="rule">${escapeHtml(RULE)}</p></body></html>`
}

/** The stage of an approved appeal, by its correction (issue 12). */
const CORRECTION_STAGE: Record<CorrectionRow['status'], string> = {
  waiting: '已通过，等待转交健康宝运营方',
  handed_over: '已通过，已转健康宝运营方，等待解除',
  not_cleared: '已通过，健康宝运营方暂未解除，工作人员核实中',
  cleared: '已通过，弹窗已解除',
  superseded: '已通过，等待转交健康宝运营方'
}

export function stageText(status: AppealStatus, correction: Pick<CorrectionRow, 'status'> | undefined): string {
  if (status === 'approved') return correction ? CORRECTION_STAGE[correction.status] : '已通过，等待转交健康宝运营方'
  return RECEIPT_STATUS_TEXT[status]
}

/** The verification page: always 200 with a readable verdict, so staff never face a bare error. */
export async function verifyPage(db: Kysely<Database>, config: Config, token: string): Promise<{ valid: boolean; html: string }> {
  const read = readToken(receiptKey(config), token)
  const row = read
    ? await db
        .selectFrom('appeals')
        .select(['status', 'applicant_name', 'applicant_id_number', 'created_at', 'updated_at', 'tracking_no'])
        .where('id', '=', read.appealId)
        .executeTakeFirst()
    : undefined
  if (!read || !row) return { valid: false, html: page('凭证无效', [['结果', '无法识别该申诉凭证，请让申诉人在小程序中重新出示']], false) }
  const status = row.status as AppealStatus
  const correction = status === 'approved' ? await correctionOf(db, read.appealId) : undefined
  const rows: [string, string][] = [
    ['姓名', maskName(decryptField(row.applicant_name, F.name))],
    ['身份证号', maskIdNumber(decryptField(row.applicant_id_number, F.idNumber))],
    ['申诉查询码', row.tracking_no],
    ['当前状态', stageText(status, correction)],
    ['申诉提交时间', formatDateTime(row.created_at)]
  ]
  if (!receiptValid(status, correction)) {
    if (status === 'approved' && correction?.acked_at) {
      rows.push(['弹窗解除时间', formatDateTime(correction.acked_at)])
      return { valid: false, html: page('凭证已失效：弹窗已解除', rows, false) }
    }
    rows.push(['办结时间', formatDateTime(row.updated_at)])
    return { valid: false, html: page('凭证已失效：该申诉已办结', rows, false) }
  }
  return { valid: true, html: page(status === 'approved' ? '凭证有效：已通过，等待解除弹窗' : '凭证有效：申诉处理中', rows, true) }
}
