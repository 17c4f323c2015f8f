// The one place the app reads its build-time settings.
import Taro from '@tarojs/taro'

export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''
export const API_PREFIX = '/api/v1'
export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'
/** WeChat subscribe-message template for status changes; empty = no subscribe button. */
export const SUBSCRIBE_TEMPLATE_ID: string = process.env.TARO_APP_SUBSCRIBE_TEMPLATE_ID ?? ''

/**
 * Storage key that points a *develop* weapp build (DevTools, real-device debugging) at another API without a
 * rebuild — and lets the weapp test suite aim the compiled app at its own server. Trial and release builds
 * ignore it: what a citizen's phone talks to is fixed at build time.
 */
export const DEV_API_BASE_KEY = 'pa.dev.apiBase'

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/

function devApiBase(): string | null {
  if (!IS_WEAPP) return null
  try {
    if (Taro.getAccountInfoSync().miniProgram.envVersion !== 'develop') return null
    const value: unknown = Taro.getStorageSync(DEV_API_BASE_KEY)
    return typeof value === 'string' && ORIGIN.test(value) ? value : null
  } catch {
    return null
  }
}

/** The API origin: the build's, unless a develop build was pointed elsewhere (DEV_API_BASE_KEY). */
export function apiBase(): string {
  return devApiBase() ?? API_BASE
}

export function apiUrl(path: string): string {
  return `${apiBase()}${API_PREFIX}${path}`
}

/** The public verification URL a test site scans (receipt QR code). */
export function verifyUrl(verifyPath: string): string {
  if (IS_H5 && typeof window !== 'undefined' && window.location) return `${window.location.origin}${verifyPath}`
  return `${apiBase()}${verifyPath}`
}
