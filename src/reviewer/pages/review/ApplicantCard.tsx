// Who appeals and what they wrote.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../../types/api'

export default function ApplicantCard({ appeal }: { appeal: ReviewAppealResponse }) {
  return (
    <View className='card rv__card'>
      <Text className='card__title'>申诉人与说明</Text>
      <View className='kv'>
        <View className='kv__row'>
          <Text className='kv__key'>姓名</Text>
          <Text className='kv__val'>{appeal.applicant.name}</Text>
        </View>
        <View className='kv__row'>
          <Text className='kv__key'>身份证号</Text>
          <Text className='kv__val reviewer__mono'>{appeal.applicant.idNumber}</Text>
        </View>
        <View className='kv__row'>
          <Text className='kv__key'>手机号</Text>
          <Text className='kv__val reviewer__mono'>{appeal.applicant.phone}</Text>
        </View>
        <View className='kv__row'>
          <Text className='kv__key'>情况说明</Text>
          <Text className='kv__val' id='review-statement'>
            {appeal.statement || '（未填写）'}
          </Text>
        </View>
      </View>
    </View>
  )
}
