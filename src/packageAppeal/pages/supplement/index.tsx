import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import DecisionBox from '../../../components/DecisionBox'
import PageNav from '../../../components/PageNav'
import { toast } from '../../../services/nav'
import { useMyAppeals } from '../../../stores/appeals'
import { usePageClass } from '../../../stores/prefs'
import SupplementForm from '../../components/SupplementForm'
import { useSupplement } from '../../supplementStore'

/** needs_info: new screenshots and a note → POST /appeals/:id/supplement; the appeal goes back to the queue. */
export default function Supplement() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const appeal = useMyAppeals((s) => (s.currentId === id ? s.current : null))
  const act = useMyAppeals((s) => s.act)
  const acting = useMyAppeals((s) => s.acting)
  const pageClass = usePageClass('supplement')
  const [error, setError] = useState<string | null>(null)
  return (
    <View className={pageClass}>
      <PageNav title='补充材料' backTo={`/pages/appeal/detail?id=${encodeURIComponent(id)}`} />
      {appeal ? (
        <View className='card'>
          <DecisionBox decision={appeal.decision} status={appeal.status} />
        </View>
      ) : null}
      <View className='card'>
        <Text className='card__title'>补充材料</Text>
        {error ? (
          <View className='error-text' role='alert'>
            {error}
          </View>
        ) : null}
        <SupplementForm
          busy={acting}
          onSend={async (body) => {
            setError(null)
            const err = await act(id, { kind: 'supplement', ...body })
            if (err) return setError(err)
            useSupplement.getState().reset()
            toast('已提交补充材料，申诉回到原来的排队位置')
            Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(id)}` }))
          }}
        />
      </View>
    </View>
  )
}
