// WeChat subscribe messages (订阅消息): the access token (cached until shortly before expiry) and the send call.
// https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
import type { Config } from '../config'

type WechatConfig = Pick<Config, 'wechatApiBase' | 'wechatAppId' | 'wechatSecret'>

/** Field limits of subscribe-message values. */
export const LIMITS = { thing: 20, phrase: 5, character_string: 32 } as const

export function clip(value: string, max: number): string {
  const chars = Array.from(value)
  return chars.length <= max ? value : chars.slice(0, max - 1).join('') + '…'
}

/** character_string: letters, digits and symbols only, ≤ 32. */
export function characterString(value: string): string {
  return value.replace(/[^\x21-\x7e]/g, '').slice(0, LIMITS.character_string)
}

export class WechatSendError extends Error {
  constructor(
    message: string,
    /** false when retrying cannot help (the user has not subscribed, bad template) */
    readonly retryable: boolean
  ) {
    super(message)
  }
}

const tokens = new Map<string, { token: string; expiresAt: number }>()

export function clearTokenCache(): void {
  tokens.clear()
}

async function accessToken(config: WechatConfig, now = Date.now()): Promise<string> {
  const cacheKey = `${config.wechatApiBase}|${config.wechatAppId}`
  const cached = tokens.get(cacheKey)
  if (cached && cached.expiresAt > now) return cached.token
  const url = new URL(`${config.wechatApiBase}/cgi-bin/token`)
  url.searchParams.set('grant_type', 'client_credential')
  url.searchParams.set('appid', config.wechatAppId ?? '')
  url.searchParams.set('secret', config.wechatSecret ?? '')
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
  if (!res.ok) throw new WechatSendError(`token HTTP ${res.status}`, true)
  const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number }
  if (!body.access_token) throw new WechatSendError(`token errcode ${body.errcode ?? '?'}`, true)
  // refresh a minute early so a token never expires in flight
  tokens.set(cacheKey, { token: body.access_token, expiresAt: now + Math.max(60, (body.expires_in ?? 7200) - 60) * 1000 })
  return body.access_token
}

export interface SubscribeMessage {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
}

export async function sendSubscribeMessage(config: WechatConfig, msg: SubscribeMessage): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(config)
    const url = `${config.wechatApiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`
    let body: { errcode?: number; errmsg?: string }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(msg),
        signal: AbortSignal.timeout(5000)
      })
      if (!res.ok) throw new WechatSendError(`send HTTP ${res.status}`, true)
      body = (await res.json()) as typeof body
    } catch (err) {
      if (err instanceof WechatSendError) throw err
      throw new WechatSendError('send failed: network', true)
    }
    if (!body.errcode) return
    if (body.errcode === 40001 || body.errcode === 42001) {
      clearTokenCache() // token revoked or expired early: fetch a new one once
      continue
    }
    // 43101: the user has not subscribed (or used up) this template; 40003 bad openid; 40037 bad template
    throw new WechatSendError(`send errcode ${body.errcode}`, ![43101, 40003, 40037, 47003].includes(body.errcode) )
  }
  throw new WechatSendError('send failed: token rejected twice', true)
}
