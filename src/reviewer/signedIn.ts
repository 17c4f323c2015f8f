// What every supervisor page does on show: back to login unless signed in, else (re)load; and back to
// login, saying the session expired, when a call answers 401.
import Taro, { useDidShow } from '@tarojs/taro'
import type { ApiError } from '../services/errors'
import { useReviewerSession } from './stores/session'

const LOGIN = '/reviewer/pages/login/index'

export function useLoadWhenSignedIn(load: () => Promise<void>): void {
  const check = useReviewerSession((s) => s.check)
  useDidShow(() => {
    if (!check()) {
      Taro.redirectTo({ url: LOGIN })
      return
    }
    void load()
  })
}

export function loginAgainIfExpired(err: ApiError): void {
  if (err.status === 401) Taro.redirectTo({ url: `${LOGIN}?expired=1` })
}
