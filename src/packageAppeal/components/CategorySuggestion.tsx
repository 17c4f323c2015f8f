// Under the popup screenshot: the situation its text describes, offered with 使用 / 不是. It only ever
// changes the situation on the citizen's tap; a 不是 is remembered for that screenshot.
import { Text, View } from '@tarojs/components'
import type { Category } from '../../../types/appeal'
import { Btn } from '../../components/A11y'
import { CATEGORY_INFO } from '../../domain/categories'
import './ReadingBanner.scss'

interface Props {
  suggested: Category
  chosen: Category | null
  onUse: () => void
  onDecline: () => void
}

export default function CategorySuggestion({ suggested, chosen, onUse, onDecline }: Props) {
  const title = CATEGORY_INFO[suggested].title
  return (
    <View className='reading' id='reading-category' role='group' aria-label='弹窗截图读到的情形'>
      <Text className='reading__text'>根据弹窗内容，可能是：{title}</Text>
      {chosen ? <Text className='reading__text reading__text--typed'>您选的是：{CATEGORY_INFO[chosen].title}</Text> : null}
      <View className='reading__actions'>
        <Btn className='btn btn--primary btn--small reading__btn' id='reading-category-use' label={`使用：${title}`} onClick={onUse}>
          使用
        </Btn>
        <Btn className='btn btn--small reading__btn' id='reading-category-decline' label={`不是${title}`} onClick={onDecline}>
          不是
        </Btn>
      </View>
    </View>
  )
}
