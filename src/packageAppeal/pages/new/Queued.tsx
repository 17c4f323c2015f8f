import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Btn } from '../../../components/A11y'
import PageNav from '../../../components/PageNav'
import { useOutbox } from '../../../stores/outbox'
import { usePageClass } from '../../../stores/prefs'

/** After submit when the network failed: the appeal waits on the phone and is sent by itself. */
export default function Queued({ queuedKey }: { queuedKey: string }) {
  const sent = useOutbox((s) => s.sent[queuedKey])
  const waiting = useOutbox((s) => s.items.find((i) => i.key === queuedKey))
  const pageClass = usePageClass('appeal-new')
  return (
    <View className={pageClass}>
      <PageNav title='提交申诉' />
      <View className='card appeal-new__queued' id='outbox-notice' role='status'>
        {sent ? (
          <>
            <Text className='card__title'>✓ 已提交成功</Text>
            <Text>查询码：{sent.trackingNo}</Text>
            <Btn className='btn btn--primary' id='btn-open-sent' onClick={() => Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(sent.appealId)}` })}>
              查看办理进度
            </Btn>
          </>
        ) : (
          <>
            <Text className='card__title'>已保存在手机上，网络恢复后会自动提交</Text>
            <Text>现在申诉的人很多或网络不好。您的申诉已完整保存在这部手机上，会自动重试提交，不会重复提交。您可以离开本页面。</Text>
            {waiting?.failed ? <Text className='error-text'>提交被拒绝：{waiting.lastError}</Text> : null}
            {waiting && !waiting.failed && waiting.attempts > 0 ? <Text className='muted'>已尝试 {waiting.attempts} 次，稍后自动再试</Text> : null}
            <Btn className='btn btn--primary' id='btn-outbox-retry' onClick={() => void useOutbox.getState().flush({ force: true })}>
              现在重试
            </Btn>
          </>
        )}
        <Btn className='btn' id='btn-queued-my-appeals' onClick={() => Taro.redirectTo({ url: '/pages/appeals/index' })}>
          查看我的申诉
        </Btn>
      </View>
    </View>
  )
}
