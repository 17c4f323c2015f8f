import { Text, View } from '@tarojs/components'
import './StepIndicator.scss'

/** 1 弹窗情形 › 2 上传截图 › …: done steps carry ✓, the current one is marked in words, not only in colour. */
export default function StepIndicator({ steps, current, onGo }: { steps: readonly string[]; current: number; onGo?: (i: number) => void }) {
  return (
    <View className='steps' id='step-indicator' aria-label={`第 ${current + 1} 步，共 ${steps.length} 步：${steps[current]}`}>
      <Text className='steps__where' id='step-where'>
        第 {current + 1} 步 / 共 {steps.length} 步：{steps[current]}
      </Text>
      <View className='steps__row'>
        {steps.map((label, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo'
          return (
            <View
              key={label}
              className={`steps__item steps__item--${state}`}
              aria-current={i === current ? 'step' : undefined}
              onClick={() => (i < current && onGo ? onGo(i) : undefined)}
            >
              <Text className='steps__dot'>{state === 'done' ? '✓' : String(i + 1)}</Text>
              <Text className='steps__label'>{label}</Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}
