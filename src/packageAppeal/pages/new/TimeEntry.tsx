// The sampling time of one test without the wheels: 今天 / 昨天 / 前天 as chips and the time typed on a
// number pad (0830, 8:30 or 8.30 all mean 08:30). The date and time wheels stay as a fallback.
import { Input, Picker, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { IS_WEAPP, Tap } from '../../../components/A11y'
import { beijingDateOf } from '../../../domain/dates'

const DAY_MS = 86400_000
const CHIPS = ['今天', '昨天', '前天'] as const

/** What the citizen typed as a 24-hour HH:mm, or null while it is not (yet) a real time. */
export function parseTypedTime(raw: string): string | null {
  const s = raw.trim().replace(/[：.．。,，\s]/g, ':')
  let h: string
  let m: string
  const parts = s.split(':').filter(Boolean)
  if (parts.length === 2) [h, m] = parts
  else if (parts.length === 1 && /^\d{3,4}$/.test(parts[0])) {
    h = parts[0].slice(0, -2)
    m = parts[0].slice(-2)
  } else return null
  if (!/^\d{1,2}$/.test(h) || !/^\d{2}$/.test(m)) return null
  if (Number(h) > 23 || Number(m) > 59) return null
  return `${h.padStart(2, '0')}:${m}`
}

interface Props {
  index: number
  date: string
  time: string
  now: Date
  earliest: string
  today: string
  onDate: (date: string) => void
  onTime: (time: string) => void
}

export default function TimeEntry({ index, date, time, now, earliest, today, onDate, onTime }: Props) {
  const [typed, setTyped] = useState(time)
  // a time set elsewhere (the wheel, a restored draft) shows in the box
  useEffect(() => {
    // ('' is what half-typed input sends: it must not wipe the digits being typed)
    if (time && parseTypedTime(typed) !== time) setTyped(time)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [time])
  const chipDates = CHIPS.map((_, k) => beijingDateOf(now.getTime() - k * DAY_MS))
  const other = date && !chipDates.includes(date)
  const n = index + 1
  const timeId = `time-input-${index}`
  const hintId = `time-hint-${index}`
  const valid = parseTypedTime(typed)
  const onType = (v: string) => {
    setTyped(v)
    const t = parseTypedTime(v)
    onTime(t ?? '')
  }
  return (
    <View className='time-entry'>
      <Text className='time-entry__label' id={`date-label-${index}`}>
        第 {n} 次核酸采样日期
      </Text>
      <View className='time-entry__chips' role='radiogroup' aria-labelledby={`date-label-${index}`}>
        {CHIPS.map((label, k) => (
          <Tap
            key={label}
            id={`date-chip-${index}-${k}`}
            role='radio'
            checked={date === chipDates[k]}
            className={`time-entry__chip${date === chipDates[k] ? ' time-entry__chip--on' : ''}`}
            onClick={() => onDate(chipDates[k])}
          >
            <Text>
              <Text aria-hidden='true'>{date === chipDates[k] ? '✓ ' : ''}</Text>
              {label}
            </Text>
            <Text className='time-entry__chip-date'>{chipDates[k].slice(5)}</Text>
          </Tap>
        ))}
        <Picker id={`date-negative-${index}`} mode='date' value={date || today} start={earliest} end={today} onChange={(e) => onDate(String(e.detail.value))}>
          <Tap className={`time-entry__chip${other ? ' time-entry__chip--on' : ''}`} label={other ? `其他日期 ${date}` : '其他日期（滚轮选择）'}>
            <Text className='nowrap'>{other ? `其他日期 ${date}` : '其他日期 ›'}</Text>
          </Tap>
        </Picker>
      </View>

      <Text className='time-entry__label'>第 {n} 次核酸采样时间</Text>
      <View className='time-entry__time'>
        {IS_WEAPP ? (
          <Input id={timeId} className='field__input time-entry__input' type='digit' maxlength={5} value={typed} placeholder='如 0830' ariaLabel={`第 ${n} 次核酸采样时间`} onInput={(e) => onType(e.detail.value)} />
        ) : (
          <input
            id={timeId}
            className='field__input time-entry__input time-entry__native'
            type='text'
            inputMode='numeric'
            autoComplete='off'
            maxLength={5}
            value={typed}
            placeholder='如 0830'
            aria-label={`第 ${n} 次核酸采样时间（时:分，24 小时制）`}
            aria-describedby={hintId}
            aria-invalid={typed && !valid ? true : undefined}
            onChange={(e) => onType(e.target.value)}
          />
        )}
        <Picker id={`time-negative-${index}`} mode='time' value={time || '09:00'} onChange={(e) => onTime(String(e.detail.value))}>
          <Tap className='time-entry__chip' label='用滚轮选择时间'>
            <Text className='nowrap'>滚轮选 ›</Text>
          </Tap>
        </Picker>
      </View>
      <Text className={typed && !valid ? 'hint-text' : 'muted'} id={hintId} aria-live='polite'>
        {typed && !valid ? '请输入 24 小时制时间，例如 0830 或 14:05' : time ? `采样时间：${date || '（请选日期）'} ${time}` : '按截图上的采样时间输入 4 位数字，例如 0830'}
      </Text>
    </View>
  )
}
