import { Text, View } from '@tarojs/components'
import type { Appeal } from '../../types/appeal'
import { stageViews } from '../domain/progress'
import { formatDateTime, fromNow } from '../domain/time'
import './StageProgress.scss'

type Props = {
  appeal: Pick<Appeal, 'status' | 'createdAt' | 'updatedAt' | 'timeline' | 'decision'>
  now?: number
  id?: string
}

/** 已提交 → 审核中 → 已办结, each with the Beijing time it was reached. */
export default function StageProgress({ appeal, now = Date.now(), id }: Props) {
  const stages = stageViews(appeal)
  return (
    <View className='stages' id={id}>
      {stages.map((s, i) => (
        <View
          key={s.label}
          className={`stages__item ${s.done ? 'stages__item--done' : ''} ${s.current ? 'stages__item--current' : ''}`}
          data-testid='stage'
        >
          <View className='stages__rail'>
            <Text className='stages__dot'>{s.done ? '✓' : String(i + 1)}</Text>
            {i < stages.length - 1 && <View className='stages__line' />}
          </View>
          <View className='stages__body'>
            <Text className='stages__label'>
              {s.label}
              {s.current ? '（当前）' : s.done ? '' : '（未到）'}
            </Text>
            {s.at ? (
              <Text className='stages__time'>
                {formatDateTime(s.at)}（{fromNow(s.at, now)}）
              </Text>
            ) : (
              <Text className='stages__time'>{s.done ? '' : '等待中'}</Text>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
