// The review queue: counts, claim-next, filters and the list (a table on desks, cards on phones).
// This page owns loading, the keyboard and opening an appeal; the pieces it lays out live beside it.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { AppealStatus } from '../../../../types/appeal'
import { STATUS_LABELS } from '../../../domain/stages'
import { useReviewerSession } from '../../stores/session'
import { useReview } from '../../stores/review'
import { useKeys } from '../../components/useKeys'
import ShortcutHelp from '../../components/ShortcutHelp'
import { useWide } from '../../components/useWide'
import QueueBar from './QueueBar'
import { ClaimBlock, StatusCounts } from './ClaimArea'
import QueueFilters from './QueueFilters'
import QueueTable from './QueueTable'
import QueueCards from './QueueCards'
import { ListStates, LoadMore } from './ListStates'
import type { SortCol, SortKey } from './sorting'
import '../reviewer.scss'

export default function ReviewQueue() {
  const check = useReviewerSession((s) => s.check)
  const items = useReview((s) => s.items)
  const filters = useReview((s) => s.filters)
  const loadQueue = useReview((s) => s.loadQueue)
  const setFilters = useReview((s) => s.setFilters)
  const cursorIndex = useReview((s) => s.cursorIndex)
  const moveCursor = useReview((s) => s.moveCursor)
  const claim = useReview((s) => s.claim)
  const claimById = useReview((s) => s.claimById)
  const authLost = useReview((s) => s.authLost)
  const [help, setHelp] = useState(false)
  const [now, setNow] = useState(Date.now())
  const wide = useWide()
  // which header the reviewer sorted by (two columns share the server's age order)
  const [sortCol, setSortCol] = useState<SortCol>('flags')
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

  const sort: SortKey = filters.sort === 'age' ? 'age' : 'priority'
  const sortBy = (col: SortCol, to: SortKey) => {
    setSortCol(col)
    void setFilters({ sort: to })
  }
  const listTitle = `${STATUS_LABELS[(filters.status ?? 'queued') as AppealStatus]}（${sort === 'age' ? '最早提交的在前' : '按优先级'}）`

  const open = (i: number) => {
    const a = items[i]
    useReview.setState({ cursorIndex: i })
    if (a && a.status === 'queued') void onOpen(a.id)
  }

  const filterRows = <QueueFilters wide={wide} sort={sort} sortBy={sortBy} />
  const helpDialog = help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null

  if (wide) {
    return (
      <View className='page reviewer reviewer--wide reviewer--desk' id='queue-page'>
        <QueueBar />
        <View className='queue__top'>
          <StatusCounts />
          <ClaimBlock onClaim={onClaim} />
        </View>
        {filterRows}
        <View className='card queue__card'>
          <Text className='card__title' id='queue-title'>
            {listTitle}
            <Text className='muted'> ↑↓ 或 J/K 选择，Enter 打开，? 快捷键</Text>
          </Text>
          <ListStates />
          {items.length > 0 ? <QueueTable items={items} cursorIndex={cursorIndex} now={now} sort={sort} sortCol={sortCol} sortBy={sortBy} open={open} /> : null}
          <LoadMore />
        </View>
        {helpDialog}
      </View>
    )
  }

  return (
    <View className='page reviewer' id='queue-page'>
      <QueueBar />
      <View className='card'>
        <StatusCounts />
        <ClaimBlock onClaim={onClaim} />
      </View>
      {filterRows}
      <View className='card'>
        <Text className='card__title' id='queue-title'>
          {listTitle}
          <Text className='muted'> J/K 选择，Enter 打开，? 快捷键</Text>
        </Text>
        <ListStates />
        <QueueCards items={items} cursorIndex={cursorIndex} now={now} open={open} />
        <LoadMore />
      </View>
      {helpDialog}
    </View>
  )
}
