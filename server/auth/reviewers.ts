// Reviewer accounts: creation (CLI, demo account, tests) and lookup.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { isDistrict } from '../../src/domain/districts'
import type { ReviewerProfile } from '../../types/api'
import type { Database, ReviewerRow } from '../db/schema'
import { AppError } from '../errors'
import { hashPassword } from './passwords'
import type { ReviewerPrincipal } from '../context'

export const MIN_PASSWORD_LENGTH = 8

export interface NewReviewer {
  username: string
  password: string
  districts?: string[]
  supervisor?: boolean
}

export function toProfile(row: ReviewerRow): ReviewerProfile {
  return {
    id: row.id,
    username: row.username,
    districts: JSON.parse(row.districts) as string[],
    supervisor: Boolean(row.supervisor)
  }
}

export function toPrincipal(row: ReviewerRow): ReviewerPrincipal {
  return { kind: 'reviewer', ...toProfile(row) }
}

export async function createReviewer(db: Kysely<Database>, input: NewReviewer): Promise<ReviewerProfile> {
  const username = input.username.trim()
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(username)) {
    throw new AppError('VALIDATION_FAILED', { message: '用户名应为 2–40 位字母、数字或 _ . -', field: 'username' })
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', { message: `密码至少 ${MIN_PASSWORD_LENGTH} 位`, field: 'password' })
  }
  const districts = [...new Set(input.districts ?? [])]
  for (const d of districts) {
    if (!isDistrict(d)) throw new AppError('INVALID_DISTRICT', { field: 'district' })
  }
  const existing = await db.selectFrom('reviewers').select('id').where('username', '=', username).executeTakeFirst()
  if (existing) throw new AppError('VALIDATION_FAILED', { message: `用户名 ${username} 已存在`, field: 'username' })
  const row: ReviewerRow = {
    id: randomUUID(),
    username,
    password_hash: await hashPassword(input.password),
    districts: JSON.stringify(districts),
    supervisor: input.supervisor ? 1 : 0,
    created_at: new Date().toISOString(),
    disabled_at: null
  }
  await db.insertInto('reviewers').values(row).execute()
  return toProfile(row)
}

export async function countReviewers(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('reviewers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function findReviewerByUsername(db: Kysely<Database>, username: string): Promise<ReviewerRow | undefined> {
  return db.selectFrom('reviewers').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function findReviewerById(db: Kysely<Database>, id: string): Promise<ReviewerRow | undefined> {
  return db.selectFrom('reviewers').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Disables an account (it can no longer log in) and ends its sessions; returns false when there is no such user. */
export async function disableReviewer(db: Kysely<Database>, username: string, now = new Date()): Promise<{ id: string; sessionsEnded: number } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('reviewers').select(['id', 'disabled_at']).where('username', '=', username.trim()).executeTakeFirst()
    if (!row) return null
    if (!row.disabled_at) await trx.updateTable('reviewers').set({ disabled_at: now.toISOString() }).where('id', '=', row.id).execute()
    const r = await trx.deleteFrom('sessions').where('kind', '=', 'reviewer').where('subject_id', '=', row.id).executeTakeFirst()
    return { id: row.id, sessionsEnded: Number(r.numDeletedRows) }
  })
}
