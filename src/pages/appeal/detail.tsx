// The citizen's appeal page: progress, correction, decision, what can be done now, the record. It loads and polls;
// the head card and the actions card live beside it.
import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { formatDateTime } from '../../domain/time'
import { isClosed } from '../../domain/transitions'
import { nextPollMs } from '../../domain/followup'
import { stillMoving } from '../../domain/stages'
// the cards import their components (and those components' styles) where the page imported them before the
// split: the order of imports is the order of the extracted CSS
import DetailHead from './DetailHead'
// h5: native buttons (A11y.tsx); WeChat: Taro's Button
import { Btn as Button } from '../../components/A11y'
import PageNav from '../../components/PageNav'
import StageProgress from '../../components/StageProgress'
import Timeline from '../../components/Timeline'
import DecisionBox from '../../components/DecisionBox'
import Loading from '../../components/Loading'
import ErrorState from '../../components/ErrorState'
import DetailActions from './DetailActions'
import CorrectionStages from '../../components/CorrectionStages'
import { reportStillPopped } from '../../services/appeals'
import { toApiError } from '../../services/errors'
import { toast } from '../../services/nav'
import { CAN_SUBSCRIBE, subscribeStatusChanges } from '../../services/privacy'
import { useMyAppeals, type CitizenCall } from '../../stores/appeals'
import { usePageClass } from '../../stores/prefs'
import './detail.scss'

export default function AppealDetail() {
  const router = useRouter()
  const id = decodeURIComponent(router.params.id ?? '')
  const appeal = useMyAppeals((s) => (s.currentId === id ? s.current : null))
  const status = useMyAppeals((s) => (s.currentId === id ? s.currentStatus : 'loading'))
  const error = useMyAppeals((s) => (s.currentId === id ? s.currentError : null))
  const loadedAt = useMyAppeals((s) => s.loadedAt)
  const loadAppeal = useMyAppeals((s) => s.loadAppeal)
  const act = useMyAppeals((s) => s.act)
  const acting = useMyAppeals((s) => s.acting)
  const pageClass = usePageClass('detail')
  const [refreshing, setRefreshing] = useState(false)
  const [visible, setVisible] = useState(true)
  const [actionError, setActionError] = useState<string | null>(null)
  const [reporting, setReporting] = useState(false)

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
    setVisible(true)
    if (shown.current) void refresh(true)
    shown.current = true
  })
  useDidHide(() => setVisible(false))

  useEffect(() => {
    void refresh(true)
  }, [refresh])

  // polling with backoff while open and visible: 5 s, then slower while nothing changes (≤ 60 s); an approved
  // appeal keeps polling while its correction travels to the operator (until cleared / not cleared)
  const closed = appeal ? isClosed(appeal.status) : false
  const moving = appeal ? stillMoving(appeal.status, appeal.correction, closed) : true
  const stamp = appeal
    ? `${appeal.status}|${appeal.updatedAt}|${appeal.queue?.position ?? ''}|${appeal.correction?.status ?? ''}|${appeal.correction?.attempt ?? ''}`
    : ''
  const lastStamp = useRef(stamp)
  const delay = useRef<number | null>(null)
  useEffect(() => {
    if (!id || !moving || !visible) return
    delay.current = nextPollMs(delay.current, lastStamp.current !== stamp)
    lastStamp.current = stamp
    const timer = setTimeout(() => void refresh(true), delay.current)
    return () => clearTimeout(timer)
  }, [id, moving, visible, stamp, loadedAt, refresh])

  const onRefresh = async () => {
    setRefreshing(true)
    await refresh(true)
    setRefreshing(false)
  }

  const run = async (call: CitizenCall, done: string) => {
    setActionError(null)
    const err = await act(id, call)
    if (err) setActionError(err)
    else toast(done)
    return !err
  }

  // 「弹窗还在」: the answer is the reopened appeal, but a fresh read also brings its queue place
  const stillPopped = async (note: string): Promise<string | null> => {
    if (reporting) return null
    setReporting(true)
    try {
      await reportStillPopped(id, note ? { note } : {})
      await refresh(true)
      toast('已反馈，申诉已重新排队')
      return null
    } catch (e) {
      return toApiError(e).message
    } finally {
      setReporting(false)
    }
  }

  const toList = () => Taro.redirectTo({ url: '/pages/appeals/index' })

  if (!id) {
    return (
      <View className={pageClass}>
        <ErrorState title='缺少申诉编号' message='请从「我的申诉」进入查看进度' onRetry={toList} />
      </View>
    )
  }
  if (!appeal) {
    return (
      <View className={pageClass}>
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={() => refresh(false)} /> : <Loading text='正在查询申诉进度…' />}
      </View>
    )
  }

  return (
    <View className={pageClass}>
      <PageNav title='办理进度' backTo='/pages/appeals/index' />
      <DetailHead appeal={appeal} closed={closed} />

      <View className='card'>
        <Text className='card__title'>办理进度</Text>
        <StageProgress appeal={appeal} id='stages' />
      </View>

      {appeal.status === 'approved' && appeal.correction ? (
        <CorrectionStages
          status={appeal.status}
          decision={appeal.decision}
          correction={appeal.correction}
          busy={reporting}
          onStillPopped={stillPopped}
          id='correction'
        />
      ) : null}

      <View className='card'>
        <Text className='card__title'>审核结果</Text>
        <DecisionBox decision={appeal.decision} status={appeal.status} withdrawReason={appeal.withdrawReason} id='decision' />
      </View>

      <DetailActions appeal={appeal} closed={closed} acting={acting} actionError={actionError} run={run} />

      {CAN_SUBSCRIBE && !closed ? (
        <Button
          className='btn'
          id='btn-subscribe'
          onClick={async () => toast((await subscribeStatusChanges()) ? '审核有结果时会通知您' : '未开启通知，可随时回来查看进度')}
        >
          审核有结果时通知我
        </Button>
      ) : null}

      <View className='card'>
        <Text className='card__title'>办理记录</Text>
        <Timeline events={appeal.timeline ?? []} />
      </View>

      <View className='detail__refresh'>
        {error ? <Text className='error-text'>刷新失败：{error}。页面显示的是上次的结果，请稍后再试。</Text> : null}
        <Text className='muted'>
          {moving ? '页面会自动刷新' : '已办结'}
          {loadedAt ? ` · 更新于 ${formatDateTime(loadedAt)}` : ''}
        </Text>
        <Button className={`btn${refreshing ? ' btn--disabled' : ''}`} id='btn-refresh' disabled={refreshing || undefined} onClick={onRefresh}>
          {refreshing ? '正在刷新…' : '刷新'}
        </Button>
        <Button className='btn' onClick={toList}>
          查看我的全部申诉
        </Button>
      </View>
    </View>
  )
}
