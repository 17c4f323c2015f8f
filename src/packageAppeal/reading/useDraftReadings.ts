// The form's side of reading: every uploaded screenshot in the draft is watched until the server has read
// it (the store keeps one poll per upload, so re-rendering, leaving and coming back do not poll twice).
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import type { Reading } from '../../../types/reading'
import { IS_WEAPP } from '../../components/A11y'
import { useDraft } from '../../stores/draft'
import { useReadings } from './store'
import { readTimeParts } from './view'

export function useDraftReadings(): Record<string, Reading> {
  const popupShot = useDraft((s) => s.popupShot)
  const negatives = useDraft((s) => s.negatives)
  const watch = useReadings((s) => s.watch)
  const ids = [popupShot, ...negatives.map((n) => n.shot)].filter((x): x is string => Boolean(x))
  const key = ids.join(',')
  useEffect(() => {
    ids.forEach(watch)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return useReadings((s) => s.readings)
}

/** 使用: the read sampling time into the test slot, the same fields the chips and number pad set. */
export function applyReadTime(slotKey: string, sampledAt: string | undefined): void {
  const parts = readTimeParts(sampledAt)
  if (!parts) return
  const d = useDraft.getState()
  d.setSampledAt(slotKey, 'date', parts.date)
  d.setSampledAt(slotKey, 'time', parts.time)
  useReadings.getState().setEditing(slotKey, false)
}

/** 修改: the read time as a starting point when nothing is entered yet, then the time entry gets focus. */
export function editReadTime(slotKey: string, index: number, sampledAt: string | undefined, entered: boolean): void {
  const parts = readTimeParts(sampledAt)
  if (parts && !entered) {
    const d = useDraft.getState()
    d.setSampledAt(slotKey, 'date', parts.date)
    d.setSampledAt(slotKey, 'time', parts.time)
  }
  useReadings.getState().setEditing(slotKey, true)
  const selector = `#time-input-${index}`
  if (IS_WEAPP) {
    Taro.pageScrollTo({ selector, duration: 200 }).catch(() => undefined)
    return
  }
  // after the re-render that puts the time into the box
  setTimeout(() => (document.querySelector(selector) as HTMLInputElement | null)?.focus(), 0)
}
