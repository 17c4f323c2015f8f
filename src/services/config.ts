// The one place the app reads its build-time settings.
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''
export const API_PREFIX = '/api/v1'
export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'
/** WeChat subscribe-message template for status changes; empty = no subscribe button. */
export const SUBSCRIBE_TEMPLATE_ID: string = process.env.TARO_APP_SUBSCRIBE_TEMPLATE_ID ?? ''

export function apiUrl(path: string): string {
  return `${API_BASE}${API_PREFIX}${path}`
}

/** The public verification URL a test site scans (receipt QR code). */
export function verifyUrl(verifyPath: string): string {
  if (IS_H5 && typeof window !== 'undefined' && window.location) return `${window.location.origin}${verifyPath}`
  return `${API_BASE}${verifyPath}`
}
