// The queue page's title bar: who is signed in, the supervisor's other screens, sign out.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useReviewerSession } from '../../stores/session'
import Btn from '../../components/Btn'

export default function QueueBar() {
  const reviewer = useReviewerSession((s) => s.reviewer)
  const logout = useReviewerSession((s) => s.logout)

  const onLogout = async () => {
    await logout()
    Taro.redirectTo({ url: '/reviewer/pages/login/index' })
  }

  return (
    <View className='reviewer__bar'>
      <View className='rv__title'>
        <View className='rv__h1' role='heading' aria-level={1}>
          <Text>审核队列</Text>
        </View>
        <Text className='muted'>
          审核员：{reviewer?.username ?? '—'}
          {reviewer?.supervisor ? '（主管）' : ''}
        </Text>
      </View>
      <View className='rv__title'>
        {reviewer?.supervisor ? (
          <Btn className='btn btn--small' id='btn-dashboard' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/dashboard/index' })}>
            统计看板
          </Btn>
        ) : null}
        {reviewer?.supervisor ? (
          <Btn className='btn btn--small' id='btn-clusters' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/clusters/index' })}>
            同因分组
          </Btn>
        ) : null}
        <Btn className='btn btn--small' id='btn-logout' onClick={onLogout}>
          退出登录
        </Btn>
      </View>
    </View>
  )
}
