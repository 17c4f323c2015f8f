// Readings of the draft's screenshots, fetched by polling the upload until the server has read it.
// Kept in memory only: the draft persists the upload ids, and one GET on return fetches a finished reading
// again, so recognised names and ID tails are never written to the phone's storage by the form.
import { create } from 'zustand'
import type { Reading } from '../../../types/reading'
import { getUploadInfo } from '../../services/readings'

export const POLL_EVERY_MS = 1500
/** Reading is help, never a gate: after this the form stops asking and carries on without it. */
export const POLL_FOR_MS = 45_000

export interface ReadingsState {
  /** the latest answer per upload id (pending included) */
  readings: Record<string, Reading>
  /** upload ids being polled right now */
  polling: Record<string, true>
  /** upload ids the form stopped waiting for (still unread after POLL_FOR_MS): the banner says so */
  unread: Record<string, true>
  /** popup uploads whose suggested situation the citizen said 不是 to */
  declinedSuggestion: Record<string, true>
  /** test slots whose read time the citizen chose to edit (修改) */
  editing: Record<string, true>
  watch: (uploadId: string) => void
  declineSuggestion: (uploadId: string) => void
  setEditing: (slotKey: string, on: boolean) => void
  clear: () => void
}

// ids given up on this session (timed out or refused): coming back to the form asks about them once more,
// in case the server has read them since, but does not start another 45 s of polling
const givenUp = new Set<string>()

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const useReadings = create<ReadingsState>()((set, get) => {
  const poll = async (id: string, forMs: number) => {
    const until = Date.now() + forMs
    try {
      for (;;) {
        let reading: Reading | null = null
        try {
          reading = (await getUploadInfo(id)).reading
        } catch {
          // an older server without the endpoint, a removed upload, no network: quietly no reading
          givenUp.add(id)
          return
        }
        if (!get().polling[id]) return
        set((s) => {
          const unread = { ...s.unread }
          delete unread[id]
          return { readings: { ...s.readings, [id]: reading as Reading }, unread }
        })
        if (reading.status !== 'pending') return
        if (Date.now() + POLL_EVERY_MS > until) {
          givenUp.add(id)
          // no more 正在读取: the form says it could not read the time and carries on without a reading
          set((s) => {
            const readings = { ...s.readings }
            delete readings[id]
            return { readings, unread: { ...s.unread, [id]: true } }
          })
          return
        }
        await pause(POLL_EVERY_MS)
        // the draft was reset or the session cleared meanwhile
        if (!get().polling[id]) return
      }
    } finally {
      set((s) => {
        const polling = { ...s.polling }
        delete polling[id]
        return { polling }
      })
    }
  }
  return {
    readings: {},
    polling: {},
    unread: {},
    declinedSuggestion: {},
    editing: {},
    watch: (id) => {
      const s = get()
      if (!id || s.polling[id]) return
      const known = s.readings[id]
      if (known && known.status !== 'pending') return
      set({ polling: { ...s.polling, [id]: true } })
      void poll(id, givenUp.has(id) ? 0 : POLL_FOR_MS)
    },
    declineSuggestion: (id) => set((s) => ({ declinedSuggestion: { ...s.declinedSuggestion, [id]: true } })),
    setEditing: (key, on) =>
      set((s) => {
        const editing = { ...s.editing }
        if (on) editing[key] = true
        else delete editing[key]
        return { editing }
      }),
    clear: () => {
      givenUp.clear()
      set({ readings: {}, polling: {}, unread: {}, declinedSuggestion: {}, editing: {} })
    }
  }
})
