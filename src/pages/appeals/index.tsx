import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect } from 'react'
import { CATEGORY_INFO } from '../../domain/categories'
import { formatDateTime, fromNow } from '../../domain/time'
import { chipLabel, chipLook } from '../../domain/stages'
import type { AppealSummary } from '../../../types/appeal'
import type { Correction } from '../../../types/correction'
import StatusBadge from '../../components/StatusBadge'
import { Tap } from '../../components/A11y'
import PageNav from '../../components/PageNav'
import EmptyState from '../../components/EmptyState'
import ErrorState from '../../components/ErrorState'
import Loading from '../../components/Loading'
import { go } from '../../services/nav'
import { useMyAppeals } from '../../stores/appeals'
import { useOutbox } from '../../stores/outbox'
import { usePageClass } from '../../stores/prefs'
import './index.scss'

const correctionOf = (a: AppealSummary) => (a as AppealSummary & { correction?: Correction | null }).correction

export default function MyAppeals() {
  const items = useMyAppeals((s) => s.items)
  const status = useMyAppeals((s) => s.listStatus)
  const error = useMyAppeals((s) => s.listError)
  const loadList = useMyAppeals((s) => s.loadList)
  const waiting = useOutbox((s) => s.items)
  const sentCount = useOutbox((s) => Object.keys(s.sent).length)
  const pageClass = usePageClass('my-appeals')

  useDidShow(() => {
    void useOutbox.getState().flush({ force: true })
    void loadList()
  })

  // an outbox item went out while this page is open: show it as a real appeal
  useEffect(() => {
    if (sentCount > 0) void loadList()
  }, [sentCount, loadList])

  usePullDownRefresh(async () => {
    await useOutbox.getState().flush({ force: true })
    await loadList()
    Taro.stopPullDownRefresh()
  })

  const firstLoad = status === 'loading' && items.length === 0

  return (
    <View className={pageClass}>
      <PageNav title='我的申诉' />
      {waiting.map((w) => (
        <View className='card my-appeals__item' key={w.key} id={`outbox-${w.key}`}>
          <View className='my-appeals__row'>
            <Text className='my-appeals__title'>{CATEGORY_INFO[w.request.category]?.title ?? w.request.category}</Text>
            <Text className='badge badge--outbox' id='badge-outbox'>
              待发送
            </Text>
          </View>
          <Text className='my-appeals__line'>{w.failed ? `提交被拒绝：${w.lastError}` : '已保存在手机上，网络恢复后会自动提交'}</Text>
          <Text className='my-appeals__line muted'>
            {w.request.district} · 保存于 {formatDateTime(w.createdAt)}（{fromNow(w.createdAt)}）
            {w.attempts > 0 ? ` · 已尝试 ${w.attempts} 次` : ''}
          </Text>
        </View>
      ))}
      {firstLoad || status === 'idle' ? <Loading text='正在加载我的申诉…' /> : null}
      {status === 'error' && items.length === 0 ? <ErrorState message={error ?? '加载失败'} onRetry={loadList} /> : null}
      {status === 'error' && items.length > 0 ? <Text className='error-text'>刷新失败：{error}</Text> : null}
      {status === 'ready' && items.length === 0 && waiting.length === 0 ? (
        <EmptyState
          title='还没有申诉'
          text='核酸阴性后弹窗仍未解除，可以在这里提交申诉。'
          actionLabel='我要申诉'
          actionId='btn-empty-new-appeal'
          onAction={() => go('/packageAppeal/pages/new/index')}
        />
      ) : null}
      {items.length > 0 ? <Text className='muted my-appeals__tip'>下拉可刷新 · 点一条查看进度</Text> : null}
      {items.map((a) => (
        <Tap
          role='link'
          className='card my-appeals__item'
          key={a.id}
          id={`appeal-${a.trackingNo}`}
          onClick={() => go(`/pages/appeal/detail?id=${encodeURIComponent(a.id)}`)}
        >
          <View className='my-appeals__row'>
            <Text className='my-appeals__title'>{CATEGORY_INFO[a.category]?.title ?? a.category}</Text>
            {/* the list row carries the correction when the server sends it (older servers do not) */}
            <StatusBadge status={a.status} label={chipLabel(a.status, correctionOf(a))} look={chipLook(a.status, correctionOf(a))} id={`status-${a.trackingNo}`} />
          </View>
          <Text className='my-appeals__line'>查询码：{a.trackingNo}</Text>
          <Text className='my-appeals__line muted'>
            {a.district} · 提交于 {formatDateTime(a.createdAt)}（{fromNow(a.createdAt)}）
          </Text>
          <Text className='my-appeals__more'>查看进度 ›</Text>
        </Tap>
      ))}
    </View>
  )
}
