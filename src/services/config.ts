// The one place the app reads its build-time settings.
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''
export const API_PREFIX = '/api/v1'
export const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export function apiUrl(path: string): string {
  return `${API_BASE}${API_PREFIX}${path}`
}
