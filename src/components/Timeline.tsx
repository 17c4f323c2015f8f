import { Text, View } from '@tarojs/components'
import type { TimelineEvent } from '../../types/appeal'
import { ACTOR_LABELS, eventLabel } from '../domain/progress'
import { formatDateTime, fromNow } from '../domain/time'
import './Timeline.scss'

/** Every event of an appeal, newest first, in Beijing time. */
export default function Timeline({ events, now }: { events: TimelineEvent[]; now?: number }) {
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at))
  if (sorted.length === 0) return <Text className='muted'>暂无记录</Text>
  return (
    <View className='timeline'>
      {sorted.map((e, i) => (
        <View className='timeline__item' key={`${e.at}-${i}`} data-testid='timeline-event'>
          <Text className='timeline__time'>
            {formatDateTime(e.at)}（{fromNow(e.at, now ?? Date.now())}）
          </Text>
          <Text className='timeline__label'>
            {eventLabel(e)}
            <Text className='timeline__actor'>（{ACTOR_LABELS[e.actor] ?? e.actor}）</Text>
          </Text>
          {e.note ? <Text className='timeline__note'>{e.note}</Text> : null}
        </View>
      ))}
    </View>
  )
}
