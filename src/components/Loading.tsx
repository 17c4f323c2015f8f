import { Text, View } from '@tarojs/components'
import './States.scss'

export default function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='loading' role='status'>
      <View className='loading__spinner' />
      <Text>{text}</Text>
    </View>
  )
}
