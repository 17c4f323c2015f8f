// Holding an appeal is a lease: keep it alive while the page is open, hand it back when the reviewer leaves.
import { useUnload } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { heartbeat, releaseOnLeave } from '../../services/api'
import { useReview } from '../../stores/review'

const HEARTBEAT_MS = 2 * 60_000

/** `onBeat` (a state setter) gets the time of each heartbeat, so the page's countdowns move on with it. */
export function useLease(appealId: string | undefined, holding: boolean, onBeat: (now: number) => void) {
  const release = useReview((s) => s.release)

  useEffect(() => {
    if (!appealId || !holding) return
    const t = setInterval(() => {
      heartbeat(appealId).catch(() => undefined)
      onBeat(Date.now())
    }, HEARTBEAT_MS)
    return () => clearInterval(t)
  }, [appealId, holding, onBeat])

  // leaving the page (tab closed, reload, navigating away) hands the appeal back to the queue
  const holdRef = useRef<{ id: string; holding: boolean }>({ id: '', holding: false })
  holdRef.current = { id: appealId ?? '', holding }
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onHide = () => {
      if (holdRef.current.holding) releaseOnLeave(holdRef.current.id)
    }
    window.addEventListener('pagehide', onHide)
    return () => window.removeEventListener('pagehide', onHide)
  }, [])
  useUnload(() => {
    if (holdRef.current.holding) void release()
  })
}
