import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { CATEGORY_INFO } from '../../domain/categories'
import { formatDateTime, fromNow } from '../../domain/time'
import { isClosed } from '../../domain/transitions'
import StatusBadge from '../../components/StatusBadge'
import StageProgress from '../../components/StageProgress'
import Timeline from '../../components/Timeline'
import DecisionBox from '../../components/DecisionBox'
import Loading from '../../components/Loading'
import ErrorState from '../../components/ErrorState'
import { useMyAppeals } from '../../stores/appeals'
import './detail.scss'

const POLL_MS = 10_000

export default function AppealDetail() {
  const router = useRouter()
  const id = decodeURIComponent(router.params.id ?? '')
  const appeal = useMyAppeals((s) => (s.currentId === id ? s.current : null))
  const status = useMyAppeals((s) => (s.currentId === id ? s.currentStatus : 'loading'))
  const error = useMyAppeals((s) => (s.currentId === id ? s.currentError : null))
  const loadedAt = useMyAppeals((s) => s.loadedAt)
  const loadAppeal = useMyAppeals((s) => s.loadAppeal)
  const [refreshing, setRefreshing] = useState(false)

  const refresh = useCallback(
    async (quiet: boolean) => {
      if (!id) return
      await loadAppeal(id, { quiet })
    },
    [id, loadAppeal]
  )

  // the first show is covered by the effect below; later shows (back from another page) refresh
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void refresh(true)
    shown.current = true
  })

  useEffect(() => {
    void refresh(true)
  }, [refresh])

  const closed = appeal ? isClosed(appeal.status) : false
  useEffect(() => {
    if (!id || closed) return
    const timer = setInterval(() => void refresh(true), POLL_MS)
    return () => clearInterval(timer)
  }, [id, closed, refresh])

  const onRefresh = async () => {
    setRefreshing(true)
    await refresh(true)
    setRefreshing(false)
  }

  const copyTracking = () => {
    if (appeal) Taro.setClipboardData({ data: appeal.trackingNo }).catch(() => undefined)
  }

  if (!id) {
    return (
      <View className='page'>
        <ErrorState title='缺少申诉编号' message='请从「我的申诉」进入查看进度' onRetry={() => Taro.redirectTo({ url: '/pages/appeals/index' })} />
      </View>
    )
  }
  if (!appeal) {
    return (
      <View className='page'>
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={() => refresh(false)} /> : <Loading text='正在查询申诉进度…' />}
      </View>
    )
  }

  return (
    <View className='page detail'>
      <View className='card'>
        <View className='detail__head'>
          <View>
            <Text className='muted'>查询码</Text>
            <Text className='detail__tracking' id='tracking-no' onClick={copyTracking}>
              {appeal.trackingNo}
            </Text>
          </View>
          <StatusBadge status={appeal.status} id='appeal-status' />
        </View>
        <Text className='detail__meta'>
          {CATEGORY_INFO[appeal.category]?.title ?? appeal.category} · {appeal.district}
        </Text>
        <Text className='detail__meta muted'>
          提交于 {formatDateTime(appeal.createdAt)}（{fromNow(appeal.createdAt)}）
        </Text>
        <Text className='muted'>请记下查询码；在检测点或社区可凭查询码说明申诉正在办理。</Text>
      </View>

      <View className='card'>
        <Text className='card__title'>办理进度</Text>
        <StageProgress appeal={appeal} id='stages' />
      </View>

      <View className='card'>
        <Text className='card__title'>审核结果</Text>
        <DecisionBox decision={appeal.decision} status={appeal.status} id='decision' />
        {appeal.status === 'needs_info' ? (
          <Text className='hint-text'>如需补充材料，请按上面的说明重新提交一份申诉，或拨打 12345 咨询。</Text>
        ) : null}
      </View>

      <View className='card'>
        <Text className='card__title'>办理记录</Text>
        <Timeline events={appeal.timeline ?? []} />
      </View>

      <View className='detail__refresh'>
        {error ? <Text className='error-text'>刷新失败：{error}。页面显示的是上次的结果，请稍后再试。</Text> : null}
        <Text className='muted'>
          {closed ? '已办结' : '页面每 10 秒自动刷新'}
          {loadedAt ? ` · 更新于 ${formatDateTime(loadedAt)}` : ''}
        </Text>
        <Button className={`btn${refreshing ? ' btn--disabled' : ''}`} id='btn-refresh' disabled={(refreshing) || undefined} onClick={onRefresh}>
          {refreshing ? '正在刷新…' : '刷新'}
        </Button>
        <Button className='btn' onClick={() => Taro.redirectTo({ url: '/pages/appeals/index' })}>
          查看我的全部申诉
        </Button>
      </View>
    </View>
  )
}
