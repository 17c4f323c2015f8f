import { Text, View } from '@tarojs/components'
import { Btn as Button } from './A11y'
import './States.scss'

interface Props {
  message: string
  onRetry?: () => void
  title?: string
}

/** A failure in plain words and what to do: 重试. */
export default function ErrorState({ message, onRetry, title = '加载失败' }: Props) {
  return (
    <View className='state state--error' role='alert'>
      <Text className='state__icon'>！</Text>
      <Text className='state__title'>{title}</Text>
      <Text className='state__text'>{message}</Text>
      {onRetry ? (
        <Button className='btn btn--primary' onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  )
}
