import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
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
import { countdown, waited } from '../../format'
import { useKeys } from '../../components/useKeys'
import ShortcutHelp from '../../components/ShortcutHelp'
import Btn from '../../components/Btn'
import { tabStop, useWide } from '../../components/useWide'
import '../reviewer.scss'

const FLAGS: { code: NonNullable<QueueQuery['flag']>; label: string }[] = [
  { code: 'blocked', label: '检测点拒检' },
  { code: 'need_by', label: '有截止日期' },
  { code: 'urged', label: '已催办' },
  { code: 'reused', label: '截图重复' }
]

function Chip({ id, on, label, onClick, name }: { id: string; on: boolean; label: string; onClick: () => void; name?: string }) {
  return (
    <Btn id={id} className={`chip${on ? ' chip--on' : ''}`} pressed={on} label={name} onClick={onClick}>
      {label}
    </Btn>
  )
}

type SortKey = 'priority' | 'age'

/**
 * The table's sortable columns and the server sort each one asks for (GET /review/queue?sort=priority|age).
 * Due time is created_at + the SLA hours for every appeal, so the earliest due is the longest waiting:
 * both columns sort by age. Only the column the reviewer picked carries aria-sort.
 */
const SORTABLE: { col: 'flags' | 'waited' | 'due'; sort: SortKey; aria: 'other' | 'descending' | 'ascending'; name: string }[] = [
  { col: 'flags', sort: 'priority', aria: 'other', name: '按优先级排序（拒检、临近截止日期、催办在前）' },
  { col: 'waited', sort: 'age', aria: 'descending', name: '按等待时长排序（等得最久的在前）' },
  { col: 'due', sort: 'age', aria: 'ascending', name: '按截止时间排序（最早到期的在前）' }
]

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
  const wide = useWide()
  // which header the reviewer sorted by (two columns share the server's age order)
  const [sortCol, setSortCol] = useState<'flags' | 'waited' | 'due'>('flags')
  // a J/K/arrow move takes the focus to the row, so the selection is where the keyboard is
  const keyMoved = useRef(false)

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

  useEffect(() => {
    if (!keyMoved.current || process.env.TARO_ENV !== 'h5') return
    keyMoved.current = false
    document.getElementById(`queue-row-${cursorIndex}`)?.focus()
  }, [cursorIndex])

  useKeys({ mode: help ? 'help' : 'idle', canDecide: false, rejectReason: null, needs: [], list: true }, (cmd) => {
    if (cmd.type === 'next' || cmd.type === 'prev') {
      keyMoved.current = true
      moveCursor(cmd.type === 'next' ? 1 : -1)
      // already at the end: the effect does not run, so focus the row here
      if (process.env.TARO_ENV === 'h5') document.getElementById(`queue-row-${useReview.getState().cursorIndex}`)?.focus()
    }
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
  const sort: SortKey = filters.sort === 'age' ? 'age' : 'priority'
  const sortBy = (col: 'flags' | 'waited' | 'due', to: SortKey) => {
    setSortCol(col)
    void setFilters({ sort: to })
  }
  const listTitle = `${STATUS_LABELS[(filters.status ?? 'queued') as AppealStatus]}（${sort === 'age' ? '最早提交的在前' : '按优先级'}）`

  const bar = (
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

  const counters = (
    <View className='reviewer__counts' id='queue-counts' role='group' aria-label='按状态查看'>
      {APPEAL_STATUSES.map((st) => (
        <Btn
          className={`reviewer__count${filters.status === st ? ' reviewer__count--on' : ''}`}
          key={st}
          id={`count-${st}`}
          pressed={filters.status === st}
          onClick={() => setFilters({ status: st as AppealStatus })}
        >
          <Text className='reviewer__count-num'>{counts[st] ?? 0}</Text>
          <Text className='reviewer__count-label'>{STATUS_LABELS[st]}</Text>
        </Btn>
      ))}
    </View>
  )

  const claimBlock = (
    <View className='queue__claim'>
      <Btn className='btn btn--primary' id='btn-claim-next' disabled={claiming} onClick={onClaim}>
        {claiming ? '正在领取…' : '领取下一条（按优先级）'}
      </Btn>
      <View aria-live='polite' className='queue__live'>
        {queueEmpty ? (
          <Text className='reviewer__notice' id='queue-empty'>
            队列已清空，暂时没有待审核的申诉。稍后下拉刷新再试。
          </Text>
        ) : null}
      </View>
      <View aria-live='assertive'>
        {claimError ? (
          <Text className='error-text' id='claim-error'>
            {claimError}
          </Text>
        ) : null}
      </View>
    </View>
  )

  const filterRows = (
    <View className={wide ? 'queue__filters' : 'card'} id='queue-filters' role='group' aria-label='筛选'>
      {wide ? null : (
        <View className='filters__row'>
          <Text className='filters__label'>排序</Text>
          <Chip id='sort-priority' on={sort === 'priority'} label='按优先级' onClick={() => sortBy('flags', 'priority')} />
          <Chip id='sort-age' on={sort === 'age'} label='按提交时间' onClick={() => sortBy('waited', 'age')} />
          <Chip id='filter-overdue' on={filters.overdue === true} label='只看超时' onClick={() => toggle('overdue', true)} />
          <Chip id='filter-reset' on={false} label='清除筛选' onClick={() => resetFilters()} />
        </View>
      )}
      <View className='filters__row'>
        <Text className='filters__label'>标记</Text>
        {FLAGS.map((f) => (
          <Chip key={f.code} id={`filter-flag-${f.code}`} on={filters.flag === f.code} label={f.label} onClick={() => toggle('flag', f.code)} />
        ))}
        {wide ? <Chip id='filter-overdue' on={filters.overdue === true} label='只看超时' onClick={() => toggle('overdue', true)} /> : null}
        {wide ? <Chip id='filter-reset' on={false} label='清除筛选' onClick={() => resetFilters()} /> : null}
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
  )

  const states = (
    <View>
      {status === 'loading' && items.length === 0 ? <Loading text='正在加载队列…' /> : null}
      {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={loadQueue} /> : null}
      {status === 'ready' && items.length === 0 ? <EmptyState title='没有符合条件的申诉' text='新的申诉会出现在这里。' /> : null}
    </View>
  )

  const more = nextCursor ? (
    <Btn className='btn' id='btn-load-more' disabled={loadingMore} onClick={() => loadMore()}>
      {loadingMore ? '正在加载…' : '加载更多'}
    </Btn>
  ) : null

  const open = (i: number) => {
    const a = items[i]
    useReview.setState({ cursorIndex: i })
    if (a && a.status === 'queued') void onOpen(a.id)
  }

  if (wide) {
    const header = (col: 'flags' | 'waited' | 'due', text: string) => {
      const spec = SORTABLE.find((x) => x.col === col)!
      const active = sort === spec.sort && (spec.sort === 'priority' || sortCol === col || (sortCol === 'flags' && col === 'waited'))
      return (
        <View className={`qt__cell qt__cell--${col} qt__th`} role='columnheader' aria-sort={active ? spec.aria : undefined}>
          <Btn className={`qt__sort${active ? ' qt__sort--on' : ''}`} id={`sort-${col}`} label={`${text}：${spec.name}`} onClick={() => sortBy(col, spec.sort)}>
            {text}
            <Text aria-hidden='true'>{active ? (spec.aria === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}</Text>
          </Btn>
        </View>
      )
    }
    return (
      <View className='page reviewer reviewer--wide reviewer--desk' id='queue-page'>
        {bar}
        <View className='queue__top'>
          {counters}
          {claimBlock}
        </View>
        {filterRows}
        <View className='card queue__card'>
          <Text className='card__title' id='queue-title'>
            {listTitle}
            <Text className='muted'> ↑↓ 或 J/K 选择，Enter 打开，? 快捷键</Text>
          </Text>
          {states}
          {items.length > 0 ? (
            <View className='qt' id='queue-table' role='grid' aria-labelledby='queue-title' aria-rowcount={items.length + 1}>
              <View className='qt__row qt__head' role='row'>
                <View className='qt__cell qt__cell--no qt__th' role='columnheader'>
                  <Text>查询码</Text>
                </View>
                <View className='qt__cell qt__cell--district qt__th' role='columnheader'>
                  <Text>区</Text>
                </View>
                <View className='qt__cell qt__cell--category qt__th' role='columnheader'>
                  <Text>情形</Text>
                </View>
                {header('flags', '标记（优先级）')}
                {header('waited', '等待时长')}
                {header('due', '截止时间')}
              </View>
              {items.map((a, i) => {
                const due = a.dueAt ? countdown(a.dueAt, now) : null
                const f = a.flags
                const selected = i === cursorIndex
                const over = !!due && (due.overdue || a.overdue)
                return (
                  <View
                    className={`qt__row${selected ? ' qt__row--on' : ''}`}
                    key={a.id}
                    id={`queue-row-${i}`}
                    data-id={a.id}
                    role='row'
                    aria-selected={selected}
                    {...tabStop(selected ? 0 : -1)}
                    onClick={() => open(i)}
                  >
                    <View className='qt__cell qt__cell--no reviewer__mono' role='gridcell'>
                      <Text>{a.trackingNo}</Text>
                    </View>
                    <View className='qt__cell qt__cell--district' role='gridcell'>
                      <Text>{a.district}</Text>
                    </View>
                    <View className='qt__cell qt__cell--category' role='gridcell'>
                      <Text>{CATEGORY_INFO[a.category]?.title ?? a.category}</Text>
                    </View>
                    <View className='qt__cell qt__cell--flags' role='gridcell'>
                      {f?.blockedFromTesting ? <Text className='flag flag--bad'>拒检</Text> : null}
                      {f?.needBy ? <Text className='flag flag--warn'>{f.needBy.date} 前</Text> : null}
                      {f?.urged ? <Text className='flag flag--warn'>催办</Text> : null}
                      {f?.reusedScreenshot ? <Text className='flag flag--bad'>截图重复</Text> : null}
                      {!f?.blockedFromTesting && !f?.needBy && !f?.urged && !f?.reusedScreenshot ? <Text className='muted'>—</Text> : null}
                    </View>
                    <View className='qt__cell qt__cell--waited' role='gridcell'>
                      <Text>{waited(a.createdAt, now)}</Text>
                    </View>
                    <View className='qt__cell qt__cell--due' role='gridcell'>
                      <Text>{a.dueAt ? formatShort(a.dueAt) : '—'} </Text>
                      {due ? <Text className={`rv__due${over ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`}>{due.text}</Text> : null}
                    </View>
                  </View>
                )
              })}
            </View>
          ) : null}
          {more}
        </View>
        {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      </View>
    )
  }

  return (
    <View className='page reviewer' id='queue-page'>
      {bar}
      <View className='card'>
        {counters}
        {claimBlock}
      </View>
      {filterRows}
      <View className='card'>
        <Text className='card__title' id='queue-title'>
          {listTitle}
          <Text className='muted'> J/K 选择，Enter 打开，? 快捷键</Text>
        </Text>
        {states}
        <View id='queue-list' role='list' aria-labelledby='queue-title'>
          {items.map((a, i) => {
            const due = a.dueAt ? countdown(a.dueAt, now) : null
            const f = a.flags
            return (
              <View
                className={`reviewer__row${i === cursorIndex ? ' reviewer__row--cursor' : ''}`}
                key={a.id}
                id={`queue-row-${i}`}
                data-id={a.id}
                role='listitem'
                {...tabStop(i === cursorIndex ? 0 : -1)}
                onClick={() => open(i)}
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
        {more}
      </View>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </View>
  )
}
