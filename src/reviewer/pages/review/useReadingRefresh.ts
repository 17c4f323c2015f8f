// A screenshot still being read when the appeal opened: ask again every few seconds until every reading has
// settled, so 「正在识别…」 turns into the comparison without the reviewer reloading. Only the readings, the
// rule checks that use them and the flags are taken from the answer — the decision state stays as it is.
import { useEffect } from 'react'
import type { ReviewAppealResponse } from '../../../../types/api'
import { fetchReviewAppeal } from '../../services/api'
import { useReview } from '../../stores/review'

const EVERY_MS = 3000
/** a reading runs a few seconds; the server marks it failed after its timeout, so a minute or two is plenty */
const MAX_TRIES = 40

const pending = (a: ReviewAppealResponse | null) => (a?.shots ?? []).some((s) => s.reading.status === 'pending')

export function useReadingRefresh(appeal: ReviewAppealResponse | null): void {
  const id = appeal?.id
  const waiting = pending(appeal)
  useEffect(() => {
    if (!id || !waiting) return
    let tries = 0
    let stopped = false
    const timer = setInterval(() => {
      if (stopped || ++tries > MAX_TRIES) return clearInterval(timer)
      fetchReviewAppeal(id)
        .then((fresh) => {
          const current = useReview.getState().current
          if (stopped || current?.id !== id) return
          useReview.setState({ current: { ...current, evidence: fresh.evidence, flags: fresh.flags, shots: fresh.shots } })
        })
        // a missed refresh is retried on the next tick; the page's own errors come from its own loads
        .catch(() => undefined)
    }, EVERY_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [id, waiting])
}
