import { View, Text } from '@tarojs/components'
import { CATEGORY_INFO } from '../../domain/categories'

export default function Index() {
  return (
    <View>
      <Text>{CATEGORY_INFO.travel.title}</Text>
    </View>
  )
}
