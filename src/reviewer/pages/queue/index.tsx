import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect } from 'react'
import { APPEAL_STATUSES } from '../../../../types/appeal'
import { CATEGORY_INFO } from '../../../domain/categories'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatShort, fromNow } from '../../../domain/time'
import EmptyState from '../../../components/EmptyState'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { useReviewerSession } from '../../stores/session'
import { useReview } from '../../stores/review'
import '../reviewer.scss'

const OVERDUE_HOURS = 24

export default function ReviewQueue() {
  const reviewer = useReviewerSession((s) => s.reviewer)
  const check = useReviewerSession((s) => s.check)
  const logout = useReviewerSession((s) => s.logout)
  const counts = useReview((s) => s.counts)
  const items = useReview((s) => s.items)
  const status = useReview((s) => s.queueStatus)
  const error = useReview((s) => s.queueError)
  const loadQueue = useReview((s) => s.loadQueue)
  const claim = useReview((s) => s.claim)
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  const authLost = useReview((s) => s.authLost)

  useDidShow(() => {
    if (!check()) {
      Taro.redirectTo({ url: '/reviewer/pages/login/index' })
      return
    }
    void loadQueue()
  })

  useEffect(() => {
    if (authLost) Taro.redirectTo({ url: '/reviewer/pages/login/index' })
  }, [authLost])

  usePullDownRefresh(async () => {
    await loadQueue()
    Taro.stopPullDownRefresh()
  })

  const onClaim = async () => {
    const id = await claim()
    if (id) Taro.navigateTo({ url: `/reviewer/pages/review/index?id=${encodeURIComponent(id)}` })
    else void loadQueue()
  }

  const onLogout = async () => {
    await logout()
    Taro.redirectTo({ url: '/reviewer/pages/login/index' })
  }

  const now = Date.now()
  const queued = items.filter((a) => a.status === 'queued')
  const list = queued.length > 0 ? queued : items

  return (
    <View className='page reviewer'>
      <View className='reviewer__bar'>
        <Text>审核员：{reviewer?.username ?? '—'}</Text>
        <Button className='btn btn--small' id='btn-logout' onClick={onLogout}>
          退出登录
        </Button>
      </View>

      <View className='card'>
        <Text className='card__title'>各状态数量</Text>
        <View className='reviewer__counts' id='queue-counts'>
          {APPEAL_STATUSES.map((s) => (
            <View className='reviewer__count' key={s}>
              <Text className='reviewer__count-num'>{counts[s] ?? 0}</Text>
              <Text>{STATUS_LABELS[s]}</Text>
            </View>
          ))}
        </View>
        <Button className={`btn btn--primary${claiming ? ' btn--disabled' : ''}`} id='btn-claim-next' disabled={(claiming) || undefined} onClick={onClaim}>
          {claiming ? '正在领取…' : '领取下一条'}
        </Button>
        {queueEmpty ? (
          <Text className='reviewer__notice' id='queue-empty'>
            队列已清空，暂时没有待审核的申诉。稍后下拉刷新再试。
          </Text>
        ) : null}
        {claimError ? <Text className='error-text'>{claimError}</Text> : null}
      </View>

      <View className='card'>
        <Text className='card__title'>排队中的申诉（最早的在前）</Text>
        {status === 'loading' && items.length === 0 ? <Loading text='正在加载队列…' /> : null}
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={loadQueue} /> : null}
        {status === 'ready' && list.length === 0 ? <EmptyState title='没有排队的申诉' text='新的申诉会出现在这里。' /> : null}
        {list.map((a) => {
          const hours = (now - Date.parse(a.createdAt)) / 3600_000
          return (
            <View className='reviewer__row' key={a.id}>
              <View>
                <Text className='reviewer__mono'>{a.trackingNo}</Text>
                <Text className='muted'>
                  {' '}
                  {a.district} · {CATEGORY_INFO[a.category]?.title ?? a.category}
                </Text>
                <Text className='muted' style={{ display: 'block' }}>
                  {STATUS_LABELS[a.status]} · 提交于 {formatShort(a.createdAt)}
                </Text>
              </View>
              <Text className={hours >= OVERDUE_HOURS ? 'reviewer__overdue' : ''}>
                {hours >= OVERDUE_HOURS ? '已超时 ' : ''}
                {fromNow(a.createdAt, now)}
              </Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}
