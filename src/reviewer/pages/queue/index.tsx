import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { APPEAL_STATUSES, CATEGORIES, type AppealStatus, type Category } from '../../../../types/appeal'
import type { QueueQuery } from '../../../../types/api'
import { CATEGORY_INFO } from '../../../domain/categories'
import { DISTRICTS } from '../../../domain/districts'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatShort, fromNow } from '../../../domain/time'
import EmptyState from '../../../components/EmptyState'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { useReviewerSession } from '../../stores/session'
import { useReview } from '../../stores/review'
import { countdown } from '../../format'
import { useKeys } from '../../components/useKeys'
import ShortcutHelp from '../../components/ShortcutHelp'
import '../reviewer.scss'

const FLAGS: { code: NonNullable<QueueQuery['flag']>; label: string }[] = [
  { code: 'blocked', label: '检测点拒检' },
  { code: 'need_by', label: '有截止日期' },
  { code: 'urged', label: '已催办' },
  { code: 'reused', label: '截图重复' }
]

function Chip({ id, on, label, onClick }: { id: string; on: boolean; label: string; onClick: () => void }) {
  return (
    <View id={id} className={`chip${on ? ' chip--on' : ''}`} role='button' aria-pressed={on} onClick={onClick}>
      <Text>{label}</Text>
    </View>
  )
}

export default function ReviewQueue() {
  const reviewer = useReviewerSession((s) => s.reviewer)
  const check = useReviewerSession((s) => s.check)
  const logout = useReviewerSession((s) => s.logout)
  const counts = useReview((s) => s.counts)
  const items = useReview((s) => s.items)
  const status = useReview((s) => s.queueStatus)
  const error = useReview((s) => s.queueError)
  const filters = useReview((s) => s.filters)
  const filtersIgnored = useReview((s) => s.filtersIgnored)
  const nextCursor = useReview((s) => s.nextCursor)
  const loadingMore = useReview((s) => s.loadingMore)
  const loadQueue = useReview((s) => s.loadQueue)
  const loadMore = useReview((s) => s.loadMore)
  const setFilters = useReview((s) => s.setFilters)
  const resetFilters = useReview((s) => s.resetFilters)
  const cursorIndex = useReview((s) => s.cursorIndex)
  const moveCursor = useReview((s) => s.moveCursor)
  const claim = useReview((s) => s.claim)
  const claimById = useReview((s) => s.claimById)
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  const authLost = useReview((s) => s.authLost)
  const [help, setHelp] = useState(false)
  const [now, setNow] = useState(Date.now())

  useDidShow(() => {
    if (!check()) {
      Taro.redirectTo({ url: '/reviewer/pages/login/index' })
      return
    }
    void loadQueue()
  })

  useEffect(() => {
    if (authLost) Taro.redirectTo({ url: '/reviewer/pages/login/index?expired=1' })
  }, [authLost])

  // the countdowns tick once a minute
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(t)
  }, [])

  usePullDownRefresh(async () => {
    await loadQueue()
    Taro.stopPullDownRefresh()
  })

  const openReview = (id: string) => Taro.navigateTo({ url: `/reviewer/pages/review/index?id=${encodeURIComponent(id)}` })

  const onClaim = async () => {
    const id = await claim()
    if (id) openReview(id)
    else void loadQueue()
  }

  const onOpen = async (id: string) => {
    const got = await claimById(id)
    if (got) openReview(got)
    else void loadQueue()
  }

  const onLogout = async () => {
    await logout()
    Taro.redirectTo({ url: '/reviewer/pages/login/index' })
  }

  useKeys({ mode: help ? 'help' : 'idle', canDecide: false, rejectReason: null, needs: [] }, (cmd) => {
    if (cmd.type === 'next') moveCursor(1)
    else if (cmd.type === 'prev') moveCursor(-1)
    else if (cmd.type === 'help') setHelp(true)
    else if (cmd.type === 'cancel') setHelp(false)
    else if (cmd.type === 'open') {
      const row = useReview.getState().items[useReview.getState().cursorIndex]
      if (row && row.status === 'queued') void onOpen(row.id)
      else void onClaim()
    }
  }, 'queue-counts')

  const districts = reviewer?.supervisor ? [...DISTRICTS] : reviewer?.districts ?? []
  const toggle = <K extends keyof typeof filters>(k: K, v: (typeof filters)[K]) => setFilters({ [k]: filters[k] === v ? undefined : v } as never)

  return (
    <View className='page reviewer'>
      <View className='reviewer__bar'>
        <Text>
          审核员：{reviewer?.username ?? '—'}
          {reviewer?.supervisor ? '（主管）' : ''}
        </Text>
        <View className='rv__title'>
          {reviewer?.supervisor ? (
            <Button className='btn btn--small' id='btn-dashboard' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/dashboard/index' })}>
              统计看板
            </Button>
          ) : null}
          {reviewer?.supervisor ? (
            <Button className='btn btn--small' id='btn-clusters' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/clusters/index' })}>
              同因分组
            </Button>
          ) : null}
          <Button className='btn btn--small' id='btn-logout' onClick={onLogout}>
            退出登录
          </Button>
        </View>
      </View>

      <View className='card'>
        <View className='reviewer__counts' id='queue-counts'>
          {APPEAL_STATUSES.map((s) => (
            <View
              className={`reviewer__count${filters.status === s ? ' reviewer__count--on' : ''}`}
              key={s}
              id={`count-${s}`}
              onClick={() => setFilters({ status: s as AppealStatus })}
            >
              <Text className='reviewer__count-num'>{counts[s] ?? 0}</Text>
              <Text>{STATUS_LABELS[s]}</Text>
            </View>
          ))}
        </View>
        <Button className={`btn btn--primary${claiming ? ' btn--disabled' : ''}`} id='btn-claim-next' disabled={claiming || undefined} onClick={onClaim}>
          {claiming ? '正在领取…' : '领取下一条（按优先级）'}
        </Button>
        {queueEmpty ? (
          <Text className='reviewer__notice' id='queue-empty'>
            队列已清空，暂时没有待审核的申诉。稍后下拉刷新再试。
          </Text>
        ) : null}
        {claimError ? <Text className='error-text'>{claimError}</Text> : null}
      </View>

      <View className='card' id='queue-filters'>
        <View className='filters__row'>
          <Text className='filters__label'>排序</Text>
          <Chip id='sort-priority' on={filters.sort !== 'age'} label='按优先级' onClick={() => setFilters({ sort: 'priority' })} />
          <Chip id='sort-age' on={filters.sort === 'age'} label='按提交时间' onClick={() => setFilters({ sort: 'age' })} />
          <Chip id='filter-overdue' on={filters.overdue === true} label='只看超时' onClick={() => toggle('overdue', true)} />
          <Chip id='filter-reset' on={false} label='清除筛选' onClick={() => resetFilters()} />
        </View>
        <View className='filters__row'>
          <Text className='filters__label'>标记</Text>
          {FLAGS.map((f) => (
            <Chip key={f.code} id={`filter-flag-${f.code}`} on={filters.flag === f.code} label={f.label} onClick={() => toggle('flag', f.code)} />
          ))}
        </View>
        <View className='filters__row'>
          <Text className='filters__label'>类型</Text>
          {CATEGORIES.map((c) => (
            <Chip key={c} id={`filter-category-${c}`} on={filters.category === c} label={CATEGORY_INFO[c]?.title ?? c} onClick={() => toggle('category', c as Category)} />
          ))}
        </View>
        {districts.length > 1 ? (
          <View className='filters__row'>
            <Text className='filters__label'>区</Text>
            {districts.map((d) => (
              <Chip key={d} id={`filter-district-${d}`} on={filters.district === d} label={d} onClick={() => toggle('district', d)} />
            ))}
          </View>
        ) : null}
        {filtersIgnored ? (
          <Text className='hint-text' id='filters-ignored'>
            服务器暂不支持这些筛选条件，下面显示的是未筛选的列表。
          </Text>
        ) : null}
      </View>

      <View className='card'>
        <Text className='card__title'>
          {STATUS_LABELS[(filters.status ?? 'queued') as AppealStatus]}（{filters.sort === 'age' ? '最早提交的在前' : '按优先级'}）
          <Text className='muted'> J/K 选择，Enter 打开，? 快捷键</Text>
        </Text>
        {status === 'loading' && items.length === 0 ? <Loading text='正在加载队列…' /> : null}
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={loadQueue} /> : null}
        {status === 'ready' && items.length === 0 ? <EmptyState title='没有符合条件的申诉' text='新的申诉会出现在这里。' /> : null}
        <View id='queue-list'>
          {items.map((a, i) => {
            const due = a.dueAt ? countdown(a.dueAt, now) : null
            const f = a.flags
            return (
              <View
                className={`reviewer__row${i === cursorIndex ? ' reviewer__row--cursor' : ''}`}
                key={a.id}
                id={`queue-row-${i}`}
                data-id={a.id}
                onClick={() => (a.status === 'queued' ? onOpen(a.id) : undefined)}
              >
                <View>
                  <Text className='reviewer__mono'>{a.trackingNo}</Text>
                  <Text className='muted'>
                    {' '}
                    {a.district} · {CATEGORY_INFO[a.category]?.title ?? a.category}
                  </Text>
                  <View className='rv__flags'>
                    <Text className='muted'>
                      {STATUS_LABELS[a.status]} · 提交于 {formatShort(a.createdAt)}（{fromNow(a.createdAt, now)}）
                    </Text>
                    {f?.blockedFromTesting ? <Text className='flag flag--bad'>拒检</Text> : null}
                    {f?.needBy ? <Text className='flag flag--warn'>{f.needBy.date} 前</Text> : null}
                    {f?.urged ? <Text className='flag flag--warn'>催办</Text> : null}
                    {f?.reusedScreenshot ? <Text className='flag flag--bad'>截图重复</Text> : null}
                  </View>
                </View>
                {due ? (
                  <Text className={`rv__due${due.overdue || a.overdue ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`}>{due.text}</Text>
                ) : null}
              </View>
            )
          })}
        </View>
        {nextCursor ? (
          <Button className={`btn${loadingMore ? ' btn--disabled' : ''}`} id='btn-load-more' disabled={loadingMore || undefined} onClick={() => loadMore()}>
            {loadingMore ? '正在加载…' : '加载更多'}
          </Button>
        ) : null}
      </View>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </View>
  )
}
