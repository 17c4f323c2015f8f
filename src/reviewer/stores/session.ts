import { create } from 'zustand'
import type { ReviewerProfile } from '../../../types/api'
import { toApiError } from '../../services/errors'
import { login, logout, storedReviewerSession } from '../services/api'

interface ReviewerSessionState {
  reviewer: ReviewerProfile | null
  pending: boolean
  error: string | null
  /** re-read the stored session (it may have expired or been dropped after a 401) */
  check: () => boolean
  login: (username: string, password: string) => Promise<boolean>
  logout: () => Promise<void>
}

export const useReviewerSession = create<ReviewerSessionState>()((set) => ({
  reviewer: storedReviewerSession()?.reviewer ?? null,
  pending: false,
  error: null,
  check: () => {
    const s = storedReviewerSession()
    set({ reviewer: s?.reviewer ?? null })
    return Boolean(s)
  },
  login: async (username, password) => {
    if (!username.trim() || !password) {
      set({ error: '请输入用户名和密码' })
      return false
    }
    set({ pending: true, error: null })
    try {
      const reviewer = await login(username.trim(), password)
      set({ reviewer, pending: false })
      return true
    } catch (e) {
      set({ pending: false, error: toApiError(e).message })
      return false
    }
  },
  logout: async () => {
    try {
      await logout()
    } catch {
      // the token is dropped locally either way
    }
    set({ reviewer: null, error: null })
  }
}))
