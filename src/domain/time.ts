import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'
import { beijingDateTimeToIso } from './dates'

dayjs.extend(utc)
dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/**
 * Beijing has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact
 * and avoids depending on Intl time-zone data, which some mini-program runtimes lack.
 */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

export function inShanghai(at: string | number | Date) {
  return dayjs(at).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

/** 2022-01-28 08:05 */
export function formatDateTime(at: string | number | Date): string {
  return inShanghai(at).format('YYYY-MM-DD HH:mm')
}

/** 1月28日 08:05 */
export function formatShort(at: string | number | Date): string {
  return inShanghai(at).format('M月D日 HH:mm')
}

/** 3 小时前 */
export function fromNow(at: string | number | Date, now: string | number | Date = Date.now()): string {
  return dayjs(at).from(dayjs(now))
}

/**
 * An ISO instant from a date (YYYY-MM-DD) and a time (HH:mm) read as Beijing time; '' when the day or the
 * time does not exist (dayjs would roll 2月30日 over into March).
 */
export function shanghaiToIso(date: string, time: string): string {
  return beijingDateTimeToIso(date, time) ?? ''
}

/** Split an instant into Beijing date and time strings for pickers. */
export function isoToShanghaiParts(iso: string): { date: string; time: string } {
  const d = inShanghai(iso)
  return { date: d.format('YYYY-MM-DD'), time: d.format('HH:mm') }
}
