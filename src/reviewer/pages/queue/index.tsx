import { View } from '@tarojs/components'

export default function Page() {
  return <View>reviewer/pages/queue/index</View>
}
