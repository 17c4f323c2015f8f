// Beside one screenshot: what the server read from it against what the citizen typed, field by field.
// A disagreement is marked by an icon and the word 「不符」 (not by colour alone), and a screen reader hears
// it as one sentence — 「采样时间不符：填写 …，截图 …」 — instead of the table's cells one by one.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../types/api'
import type { ShotReading } from '../../../types/reading'
import { mismatchSentence, readingRows, readingState, type ReadingRow } from '../reading'

interface Props {
  id: string
  shot: ShotReading | undefined
  appeal: ReviewAppealResponse
  /** desk: a three-column table with a header; phone: one compact line per field */
  wide: boolean
}

/** 一致 only where there were two values to compare: read, and something typed for it */
const agrees = (row: ReadingRow) => !row.mismatch && row.read !== null && row.typed !== '—'

function Row({ id, row, wide }: { id: string; row: ReadingRow; wide: boolean }) {
  const read = row.read ?? '未读到'
  const cls = `shot-reading__row${row.mismatch ? ' shot-reading__row--bad' : ''}${row.read === null ? ' shot-reading__row--unread' : ''}`
  return (
    <View className={cls} id={id} role='listitem' data-field={row.field} data-mismatch={row.mismatch ? '1' : '0'}>
      {row.mismatch ? <Text className='shot-reading__sr shot-reading__said'>{mismatchSentence(row)}</Text> : null}
      <View className='shot-reading__cells' aria-hidden={row.mismatch ? 'true' : undefined}>
        <Text className='shot-reading__key'>{row.label}</Text>
        <Text className='shot-reading__val shot-reading__typed'>
          <Text className={wide ? 'shot-reading__sr' : 'shot-reading__pre'}>填写 </Text>
          {row.typed}
        </Text>
        <Text className='shot-reading__val shot-reading__read'>
          <Text className={wide ? 'shot-reading__sr' : 'shot-reading__pre'}>截图 </Text>
          {read}
        </Text>
        {row.mismatch ? <Text className='shot-reading__bad'>⚠ 不符</Text> : <Text className='shot-reading__ok'>{agrees(row) ? '一致' : ''}</Text>}
      </View>
    </View>
  )
}

export default function ShotReadingCard({ id, shot, appeal, wide }: Props) {
  // an older server sends no readings: nothing to say
  if (!shot) return null
  const state = readingState(shot)
  const rows = state ? [] : readingRows(shot, appeal)
  const bad = rows.filter((r) => r.mismatch).length
  return (
    <View className={`shot-reading${wide ? ' shot-reading--wide' : ''}${bad > 0 ? ' shot-reading--bad' : ''}`} id={id} data-status={shot.reading.status}>
      <Text className='shot-reading__title'>
        截图识别{bad > 0 ? <Text className='shot-reading__count'>（{bad} 项不符）</Text> : null}
      </Text>
      {state ? (
        <Text className={`shot-reading__state shot-reading__state--${shot.reading.status}`} id={`${id}-state`}>
          {state}
        </Text>
      ) : (
        <View>
          {wide ? (
            <View className='shot-reading__cells shot-reading__head' aria-hidden='true'>
              <Text className='shot-reading__key'>项目</Text>
              <Text className='shot-reading__val'>填写</Text>
              <Text className='shot-reading__val'>截图</Text>
              <Text className='shot-reading__ok' />
            </View>
          ) : null}
          <View role='list' aria-label='截图读到的内容与填写的对照'>
            {rows.map((r) => (
              <Row key={r.field} id={`${id}-${r.field}`} row={r} wide={wide} />
            ))}
          </View>
        </View>
      )}
    </View>
  )
}
