import { Text, View } from '@tarojs/components'
import { Tap } from './A11y'
import './StepIndicator.scss'

/** 1 弹窗情形 › 2 上传截图 › …: done steps carry ✓ (and lead back), the current one is marked in words, not only in colour. */
export default function StepIndicator({ steps, current, onGo }: { steps: readonly string[]; current: number; onGo?: (i: number) => void }) {
  return (
    <View className='steps' id='step-indicator'>
      <View className='steps__where' id='step-where' role='status'>
        第 {current + 1} 步 / 共 {steps.length} 步：{steps[current]}
      </View>
      <View className='steps__row'>
        {steps.map((label, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo'
          const face = (
            <>
              <Text className='steps__dot' aria-hidden='true'>
                {state === 'done' ? '✓' : String(i + 1)}
              </Text>
              <Text className='steps__label'>{label}</Text>
            </>
          )
          return state === 'done' && onGo ? (
            <Tap key={label} className={`steps__item steps__item--${state}`} label={`${label}（已完成，回到第 ${i + 1} 步）`} onClick={() => onGo(i)}>
              {face}
            </Tap>
          ) : (
            <View key={label} className={`steps__item steps__item--${state}`} aria-current={i === current ? 'step' : undefined}>
              {face}
            </View>
          )
        })}
      </View>
    </View>
  )
}
