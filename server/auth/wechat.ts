// WeChat code2Session: exchanges the wx.login code for the user's openid.
// https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
import type { Config } from '../config'
import { AppError } from '../errors'

export async function code2Session(config: Config, code: string): Promise<{ openid: string }> {
  if (!config.wechatAppId || !config.wechatSecret) throw new AppError('WECHAT_UNAVAILABLE')
  const url = new URL(`${config.wechatApiBase}/sns/jscode2session`)
  url.searchParams.set('appid', config.wechatAppId)
  url.searchParams.set('secret', config.wechatSecret)
  url.searchParams.set('js_code', code)
  url.searchParams.set('grant_type', 'authorization_code')
  let body: { openid?: unknown; errcode?: unknown; errmsg?: unknown }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    body = (await res.json()) as typeof body
  } catch {
    throw new AppError('WECHAT_UNAVAILABLE')
  }
  if (body.errcode !== undefined && body.errcode !== 0) {
    // -1 means WeChat itself is busy; everything else is a bad or used code
    throw new AppError(body.errcode === -1 ? 'WECHAT_UNAVAILABLE' : 'WECHAT_LOGIN_FAILED')
  }
  if (typeof body.openid !== 'string' || body.openid === '') throw new AppError('WECHAT_LOGIN_FAILED')
  // session_key is deliberately dropped: this server never needs it
  return { openid: body.openid }
}
