// The citizen's session (anonymous device token on h5, WeChat login on weapp).
import { create } from 'zustand'
import { ensureCitizenSession } from '../services/session'
import { toApiError } from '../services/errors'

interface CitizenSessionState {
  status: 'idle' | 'pending' | 'ready' | 'error'
  error: string | null
  ensure: () => Promise<boolean>
}

export const useCitizenSession = create<CitizenSessionState>()((set, get) => ({
  status: 'idle',
  error: null,
  ensure: async () => {
    if (get().status === 'pending') return false
    set({ status: 'pending', error: null })
    try {
      await ensureCitizenSession()
      set({ status: 'ready' })
      return true
    } catch (e) {
      set({ status: 'error', error: toApiError(e).message })
      return false
    }
  }
}))
