// The citizen's session: an anonymous device token on h5, a WeChat login on weapp.
import Taro from '@tarojs/taro'
import type { TokenResponse } from '../../types/api'
import { IS_WEAPP } from './config'
import { ApiError } from './errors'
import { fileUrl, request, type AuthRealm } from './http'
import { readValue, removeValue, writeValue } from './storage'

const KEY = 'pa.citizen.session'

function stored(): TokenResponse | null {
  const s = readValue<TokenResponse>(KEY)
  if (!s || !s.token) return null
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null
  return s
}

async function createSession(): Promise<string> {
  let res
  if (IS_WEAPP) {
    let code: string
    try {
      code = (await Taro.login()).code
    } catch {
      throw new ApiError(0, 'WECHAT_LOGIN_FAILED', '微信登录失败，请稍后重试')
    }
    res = await request<TokenResponse>('/session/wechat', { method: 'POST', data: { code } })
  } else {
    res = await request<TokenResponse>('/session/device', { method: 'POST', data: {} })
  }
  writeValue(KEY, res.data)
  return res.data.token
}

let pending: Promise<string> | null = null

export const citizenRealm: AuthRealm = {
  token: () => stored()?.token ?? null,
  renew: () => {
    if (!pending) {
      pending = createSession().finally(() => {
        pending = null
      })
    }
    return pending
  },
  clear: () => removeValue(KEY)
}

/** Make sure a citizen token exists (creating one if needed). */
export async function ensureCitizenSession(): Promise<string> {
  return citizenRealm.token() ?? citizenRealm.renew!()
}

export function citizenFileUrl(id: string): string {
  return fileUrl(id, citizenRealm.token())
}
