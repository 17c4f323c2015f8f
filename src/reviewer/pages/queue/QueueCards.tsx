// The phone layout's list: one card per appeal, the keyboard cursor on one of them.
import { Text, View } from '@tarojs/components'
import type { AppealSummary } from '../../../../types/api'
import { CATEGORY_INFO } from '../../../domain/categories'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatShort, fromNow } from '../../../domain/time'
import { countdown } from '../../format'
import { tabStop } from '../../components/useWide'
import RowFlags from './RowFlags'

interface CardsProps {
  items: AppealSummary[]
  cursorIndex: number
  now: number
  open: (i: number) => void
}

export default function QueueCards({ items, cursorIndex, now, open }: CardsProps) {
  return (
    <View id='queue-list' role='list' aria-labelledby='queue-title'>
      {items.map((a, i) => {
        const due = a.dueAt ? countdown(a.dueAt, now) : null
        return (
          <View
            className={`reviewer__row${i === cursorIndex ? ' reviewer__row--cursor' : ''}`}
            key={a.id}
            id={`queue-row-${i}`}
            data-id={a.id}
            role='listitem'
            {...tabStop(i === cursorIndex ? 0 : -1)}
            onClick={() => open(i)}
          >
            <View>
              <Text className='reviewer__mono'>{a.trackingNo}</Text>
              <Text className='muted'>
                {' '}
                {a.district} · {CATEGORY_INFO[a.category]?.title ?? a.category}
              </Text>
              <View className='rv__flags'>
                <Text className='muted'>
                  {STATUS_LABELS[a.status]} · 提交于 {formatShort(a.createdAt)}（{fromNow(a.createdAt, now)}）
                </Text>
                <RowFlags flags={a.flags} />
              </View>
            </View>
            {due ? (
              <Text className={`rv__due${due.overdue || a.overdue ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`}>{due.text}</Text>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
