// The reviewer's desk layout (dense table) is for wide h5 windows; phones and weapp keep the card list.
import { useEffect, useState } from 'react'

export const WIDE_QUERY = '(min-width: 1024px)'

function matches(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(WIDE_QUERY).matches
}

export function useWide(): boolean {
  const [wide, setWide] = useState(matches)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof window.matchMedia !== 'function') return
    const mq = window.matchMedia(WIDE_QUERY)
    const on = () => setWide(mq.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return wide
}

/** h5 attributes Taro's typings do not declare (its React wrapper would turn `tabIndex` into `tab-index`). */
export function tabStop(index: 0 | -1): Record<string, unknown> {
  return { tabindex: index }
}
