// An operator's push settings (operator:add, operator:webhook CLIs): the webhook URL, checked, and the signing
// secret its deliveries and batch manifests are signed with. The delivery loop itself is ./push.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { newSigningSecret, sealSecret } from './signing'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** https only (identities travel in the body), except to this machine, where a local relay or a test may listen. */
export function checkWebhookUrl(raw: string): string {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new Error(`回调地址不是有效的 URL / not a valid URL: ${raw}`)
  }
  const loopback = LOOPBACK_HOSTS.has(u.hostname) || /^127\./.test(u.hostname)
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new Error('回调地址必须是 https://（本机地址可用 http://）/ the webhook URL must be https:// (http:// only to this machine)')
  }
  if (u.username || u.password) throw new Error('回调地址不能包含用户名或密码 / no credentials in the webhook URL: the signature authenticates us')
  if (u.hash) throw new Error('回调地址不能包含 # 片段 / no #fragment in the webhook URL')
  return u.toString()
}

/**
 * Sets (url) or removes (null) an operator's webhook. A signing secret is made when the operator has none
 * yet, or when `rotateSecret`; the new secret is returned once (the CLI prints it) and stored sealed.
 * Removing the webhook keeps the secret: batch manifests are signed with it too.
 */
export async function configureOperatorSigning(
  db: Kysely<Database>,
  name: string,
  change: { webhookUrl?: string | null; rotateSecret?: boolean }
): Promise<{ id: string; webhookUrl: string | null; secret: string | null }> {
  const url = change.webhookUrl === undefined || change.webhookUrl === null ? change.webhookUrl : checkWebhookUrl(change.webhookUrl)
  return db.transaction().execute(async (trx) => {
    const op = await trx.selectFrom('operators').select(['id', 'webhook_url', 'signing_secret', 'disabled_at']).where('name', '=', name).executeTakeFirst()
    if (!op) throw new Error(`找不到运营方 / no such operator: ${name}`)
    if (op.disabled_at) throw new Error(`运营方已停用 / operator is disabled: ${name}`)
    const makeSecret = change.rotateSecret || (!op.signing_secret && (url || change.rotateSecret))
    const secret = makeSecret ? newSigningSecret() : null
    const patch: { webhook_url?: string | null; signing_secret?: string } = {}
    if (url !== undefined) patch.webhook_url = url
    if (secret) patch.signing_secret = sealSecret(secret)
    if (Object.keys(patch).length) await trx.updateTable('operators').set(patch).where('id', '=', op.id).execute()
    return { id: op.id, webhookUrl: url === undefined ? op.webhook_url : url, secret }
  })
}
