// WeChat's privacy authorisation (weapp only) and the subscribe-message request.
import Taro from '@tarojs/taro'
import { IS_WEAPP, SUBSCRIBE_TEMPLATE_ID } from './config'

type PrivacyApi = (opt: { success?: () => void; fail?: () => void }) => void

/** On weapp, make sure WeChat's privacy agreement is authorised before personal data is collected. */
export function requireWechatPrivacy(): Promise<boolean> {
  if (!IS_WEAPP) return Promise.resolve(true)
  const api = (Taro as unknown as { requirePrivacyAuthorize?: PrivacyApi }).requirePrivacyAuthorize
  if (typeof api !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => api({ success: () => resolve(true), fail: () => resolve(false) }))
}

/** Whether the app can ask to subscribe to status changes (weapp with a template id). */
export const CAN_SUBSCRIBE = IS_WEAPP && SUBSCRIBE_TEMPLATE_ID !== ''

/** Must be called from a tap handler, as WeChat requires. */
export async function subscribeStatusChanges(): Promise<boolean> {
  if (!CAN_SUBSCRIBE) return false
  try {
    const res = await Taro.requestSubscribeMessage({ tmplIds: [SUBSCRIBE_TEMPLATE_ID], entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)
    return (res as unknown as Record<string, string>)[SUBSCRIBE_TEMPLATE_ID] === 'accept'
  } catch {
    return false
  }
}

/** WeChat's font size setting (px, 16 = standard); null on h5. */
export function systemFontSize(): number | null {
  if (!IS_WEAPP) return null
  try {
    const info = Taro.getSystemInfoSync() as unknown as { fontSizeSetting?: number }
    return typeof info.fontSizeSetting === 'number' ? info.fontSizeSetting : null
  } catch {
    return null
  }
}
