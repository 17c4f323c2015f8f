import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { AppealStatus } from '../../../../types/appeal'
import type { CorrectionStats, StatsResponse } from '../../../../types/api'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatShort, inShanghai } from '../../../domain/time'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { toApiError } from '../../../services/errors'
import { downloadStatsCsv, fetchOverdue, fetchStats, fetchThroughput, type OverdueItem, type ReviewerThroughput } from '../../services/api'
import { useReviewerSession } from '../../stores/session'
import BarChart from '../../components/BarChart'
import { loginAgainIfExpired, useLoadWhenSignedIn } from '../../signedIn'
import Btn from '../../components/Btn'
import '../reviewer.scss'

const STATUS_COLORS: Partial<Record<AppealStatus, string>> = { queued: '#1f6feb', in_review: '#8a5300', needs_info: '#b42318' }

interface Data {
  stats: StatsResponse
  throughput: ReviewerThroughput[]
  overdue: OverdueItem[]
}

export default function Dashboard() {
  const reviewer = useReviewerSession((s) => s.reviewer)
  const [data, setData] = useState<Data | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [csvError, setCsvError] = useState<string | null>(null)

  const load = async () => {
    setError(null)
    try {
      const [stats, throughput, overdue] = await Promise.all([
        fetchStats(),
        fetchThroughput().catch(() => ({ items: [] })),
        fetchOverdue().catch(() => ({ items: [] }))
      ])
      setData({ stats, throughput: throughput.items, overdue: overdue.items })
    } catch (e) {
      const err = toApiError(e)
      loginAgainIfExpired(err)
      setError(err.message)
    }
  }

  useLoadWhenSignedIn(load)

  const onCsv = async () => {
    setCsvError(null)
    try {
      await downloadStatsCsv()
    } catch (e) {
      setCsvError(toApiError(e).message)
    }
  }

  if (reviewer && !reviewer.supervisor) return <ErrorState title='仅主管可查看' message='请使用主管账号登录' />
  if (error) return <ErrorState message={error} onRetry={load} />
  if (!data) return <Loading text='正在加载统计…' />

  const { stats, throughput, overdue } = data
  const byDistrict = new Map<string, { key: string; value: number; color: string }[]>()
  for (const b of stats.backlog) {
    const parts = byDistrict.get(b.district) ?? []
    parts.push({ key: b.status, value: b.count, color: STATUS_COLORS[b.status] ?? '#4e5969' })
    byDistrict.set(b.district, parts)
  }
  const backlogBars = [...byDistrict.entries()].map(([label, parts]) => ({ label, value: parts.reduce((n, p) => n + p.value, 0), parts }))
  const backlogTotal = backlogBars.reduce((n, b) => n + b.value, 0)
  const hourBars = stats.decisionsPerHour.map((h) => ({ label: inShanghai(h.hour).format('MM-DD HH:00'), value: h.count }))
  const compliance = stats.sla.compliance === null ? '—' : `${Math.round(stats.sla.compliance * 1000) / 10}%`
  // the correction loop's figures (issue 12) come from newer servers only: shown when present
  const corr = (stats as StatsResponse & { corrections?: CorrectionStats }).corrections
  const hours = (h: number | null | undefined) => (h === null || h === undefined ? '—' : `${h} 小时`)

  return (
    <View className='page reviewer reviewer--wide'>
      <View className='reviewer__bar'>
        <Text className='card__title'>
          统计看板 <Text className='muted'>（{formatShort(stats.from)} – {formatShort(stats.to)}）</Text>
        </Text>
        <View className='rv__title'>
          {process.env.TARO_ENV === 'h5' ? (
            <Btn className='btn btn--small' id='btn-csv' onClick={onCsv}>
              导出 CSV
            </Btn>
          ) : null}
          <Btn className='btn btn--small' id='btn-dash-refresh' onClick={load}>
            刷新
          </Btn>
          <Btn className='btn btn--small' id='btn-corrections' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/corrections/index' })}>
            未能解除的纠错
          </Btn>
          <Btn className='btn btn--small' onClick={() => Taro.redirectTo({ url: '/reviewer/pages/queue/index' })}>
            队列
          </Btn>
        </View>
      </View>
      {csvError ? <Text className='error-text'>{csvError}</Text> : null}

      <View className='dash__tiles'>
        <View className='dash__tile'>
          <Text className='dash__num' id='dash-backlog'>{backlogTotal}</Text>
          <Text>待办（排队 + 审核中 + 待补充）</Text>
        </View>
        <View className='dash__tile'>
          <Text className='dash__num' id='dash-decided'>{stats.sla.decided}</Text>
          <Text>已办结（通过 + 驳回）</Text>
        </View>
        <View className='dash__tile'>
          <Text className='dash__num' id='dash-median'>{stats.medianMinutesToDecision === null ? '—' : `${stats.medianMinutesToDecision} 分`}</Text>
          <Text>办结用时中位数</Text>
        </View>
        <View className='dash__tile'>
          <Text className='dash__num' id='dash-sla'>{compliance}</Text>
          <Text>
            时限内办结（{stats.sla.withinSla}/{stats.sla.decided}）
          </Text>
        </View>
        <View className='dash__tile'>
          <Text className={`dash__num${stats.sla.overdueOpen ? ' reviewer__overdue' : ''}`} id='dash-overdue'>
            {stats.sla.overdueOpen}
          </Text>
          <Text>超时未办</Text>
        </View>
      </View>

      {corr ? (
        <View className='card' id='dash-corrections'>
          <Text className='card__title'>转交健康宝（纠错）</Text>
          <View className='dash__tiles'>
            <View className='dash__tile'>
              <Text className='dash__num' id='dash-corr-waiting'>{corr.waiting}</Text>
              <Text>已通过，待运营方接收</Text>
            </View>
            <View className='dash__tile'>
              <Text className='dash__num' id='dash-corr-handed'>{corr.handedOver}</Text>
              <Text>已转交，待运营方回复</Text>
            </View>
            <View className='dash__tile'>
              <Text className={`dash__num${corr.overdue ? ' reviewer__overdue' : ''}`} id='dash-corr-overdue'>
                {corr.overdue}
              </Text>
              <Text>超过 {corr.slaHours} 小时未解除</Text>
            </View>
            <View className='dash__tile'>
              <Text className='dash__num' id='dash-corr-median'>{hours(corr.medianHoursToCleared)}</Text>
              <Text>通过→解除 中位数（P90 {hours(corr.p90HoursToCleared)}）</Text>
            </View>
            <View className='dash__tile' onClick={() => Taro.navigateTo({ url: '/reviewer/pages/corrections/index' })}>
              <Text className={`dash__num${corr.notCleared ? ' reviewer__overdue' : ''}`} id='dash-corr-not-cleared'>
                {corr.notCleared}
              </Text>
              <Text>
                未能解除（已解除 {corr.cleared}）{corr.pushBacklog ? ` · 推送积压 ${corr.pushBacklog}` : ''}
              </Text>
            </View>
          </View>
        </View>
      ) : null}

      <View className='dash__grid'>
        <View className='card'>
          <Text className='card__title'>各区待办（按状态）</Text>
          <View className='rv__flags'>
            {Object.entries(STATUS_COLORS).map(([s, c]) => (
              <Text key={s} className='muted'>
                <Text style={{ color: c }}>■</Text> {STATUS_LABELS[s as AppealStatus]}
              </Text>
            ))}
          </View>
          <BarChart id='chart-backlog' bars={backlogBars} />
        </View>
        <View className='card'>
          <Text className='card__title'>每小时决定数</Text>
          <BarChart id='chart-hourly' bars={hourBars} />
        </View>
        <View className='card'>
          <Text className='card__title'>审核员处理量</Text>
          <BarChart id='chart-throughput' bars={throughput.map((t) => ({ label: t.username, value: t.decided }))} />
        </View>
        <View className='card'>
          <Text className='card__title'>超时清单（{overdue.length}）</Text>
          {overdue.length === 0 ? <Text className='muted'>没有超时的申诉</Text> : null}
          <View id='dash-overdue-list'>
            {overdue.slice(0, 20).map((o) => (
              <View className='rv__hist' key={o.id}>
                <Text className='reviewer__mono'>{o.trackingNo}</Text>
                <Text>
                  {' '}
                  {o.district} · {STATUS_LABELS[o.status as AppealStatus] ?? o.status} · 应于 {formatShort(o.dueAt)} 前办结
                </Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </View>
  )
}
