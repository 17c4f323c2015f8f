// Small persisted preferences: 大字模式 and the separate consent to sensitive personal information.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { taroJSONStorage } from '../services/storage'
import { systemFontSize } from '../services/privacy'

export const PREFS_STORAGE_KEY = 'pa.prefs'
/** bump when the privacy notice changes: consent to an older notice no longer counts */
export const PRIVACY_NOTICE_VERSION = 1

interface PrefsFields {
  /** null = not chosen yet: follow WeChat's font size */
  bigText: boolean | null
  consentAt: string | null
  consentVersion: number
}

interface PrefsState extends PrefsFields {
  setBigText: (on: boolean) => void
  giveConsent: (now?: Date) => void
  revokeConsent: () => void
}

export const usePrefs = create<PrefsState>()(
  persist(
    (set) => ({
      bigText: null,
      consentAt: null,
      consentVersion: 0,
      setBigText: (on) => set({ bigText: on }),
      giveConsent: (now = new Date()) => set({ consentAt: now.toISOString(), consentVersion: PRIVACY_NOTICE_VERSION }),
      revokeConsent: () => set({ consentAt: null, consentVersion: 0 })
    }),
    {
      name: PREFS_STORAGE_KEY,
      version: 1,
      storage: taroJSONStorage<PrefsFields>(),
      partialize: (s): PrefsFields => ({ bigText: s.bigText, consentAt: s.consentAt, consentVersion: s.consentVersion })
    }
  )
)

/** Big text is on when chosen, or (not chosen) when WeChat's font size is set large. */
export function isBigText(bigText: boolean | null, fontSize: number | null = systemFontSize()): boolean {
  if (bigText !== null) return bigText
  return fontSize !== null && fontSize >= 20
}

export const useBigText = () => usePrefs((s) => isBigText(s.bigText))
export const useConsented = () => usePrefs((s) => s.consentAt !== null && s.consentVersion === PRIVACY_NOTICE_VERSION)

/** The class every page root carries. */
export function usePageClass(base: string): string {
  return `page ${base}${useBigText() ? ' page--big' : ''}`
}
