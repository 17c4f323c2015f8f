import { Text, View } from '@tarojs/components'
import { Btn as Button } from './A11y'
import './States.scss'

interface Props {
  title: string
  text?: string
  actionLabel?: string
  actionId?: string
  onAction?: () => void
}

export default function EmptyState({ title, text, actionLabel, actionId, onAction }: Props) {
  return (
    <View className='state state--empty'>
      <Text className='state__icon'>○</Text>
      <Text className='state__title'>{title}</Text>
      {text ? <Text className='state__text'>{text}</Text> : null}
      {actionLabel && onAction ? (
        <Button className='btn btn--primary' id={actionId} onClick={onAction}>
          {actionLabel}
        </Button>
      ) : null}
    </View>
  )
}
