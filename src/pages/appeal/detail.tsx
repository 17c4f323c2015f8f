import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { CATEGORY_INFO } from '../../domain/categories'
import { formatDateTime, fromNow } from '../../domain/time'
import { citizenActions, isClosed } from '../../domain/transitions'
import { dueText, nextPollMs, queueText, urgeWait } from '../../domain/followup'
import { receiptValid, reopenedAt, stillMoving } from '../../domain/stages'
import StatusBadge from '../../components/StatusBadge'
// h5: native buttons (A11y.tsx); WeChat: Taro's Button
import { Btn as Button } from '../../components/A11y'
import PageNav from '../../components/PageNav'
import StageProgress from '../../components/StageProgress'
import Timeline from '../../components/Timeline'
import DecisionBox from '../../components/DecisionBox'
import Loading from '../../components/Loading'
import ErrorState from '../../components/ErrorState'
import RatingBox from '../../components/RatingBox'
import CorrectionStages from '../../components/CorrectionStages'
import { reportStillPopped } from '../../services/appeals'
import { toApiError } from '../../services/errors'
import { go, toast } from '../../services/nav'
import { CAN_SUBSCRIBE, subscribeStatusChanges } from '../../services/privacy'
import { useMyAppeals, type CitizenCall } from '../../stores/appeals'
import { usePageClass } from '../../stores/prefs'
import './detail.scss'

function confirm(title: string, content: string): Promise<boolean> {
  return Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })
    .then((r) => Boolean(r.confirm))
    .catch(() => false)
}

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

  const copyTracking = () => {
    if (appeal) Taro.setClipboardData({ data: appeal.trackingNo }).catch(() => undefined)
  }

  if (!id) {
    return (
      <View className={pageClass}>
        <ErrorState title='缺少申诉编号' message='请从「我的申诉」进入查看进度' onRetry={() => Taro.redirectTo({ url: '/pages/appeals/index' })} />
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

  const actions = citizenActions(appeal.status)
  const queue = appeal.status === 'queued' ? queueText(appeal.queue) : null
  const urgeLater = urgeWait(appeal)
  const receipt = receiptValid(appeal.status, appeal.correction)
  const reopened = reopenedAt(appeal.timeline ?? [], appeal.status)

  return (
    <View className={pageClass}>
      <PageNav title='办理进度' backTo='/pages/appeals/index' />
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
        {queue ? (
          <View className='detail__queue' id='queue-position' role='status'>
            <Text className='detail__queue-main'>{queue.position}</Text>
            <Text>{queue.eta}</Text>
          </View>
        ) : null}
        {!closed && appeal.dueAt ? (
          <Text className={appeal.overdue ? 'hint-text' : 'detail__meta'} id='due-at'>
            {appeal.overdue ? '⚠ ' : ''}
            {dueText(appeal)}
          </Text>
        ) : null}
        {reopened ? (
          <Text className='hint-text' id='reopened'>
            您于 {formatDateTime(reopened)} 反馈弹窗还在，申诉已回到队首重新审核；通过后会再次转交健康宝运营方。
          </Text>
        ) : null}
        {receipt ? (
          <Button className='btn btn--primary' id='btn-receipt' onClick={() => go(`/packageAppeal/pages/receipt/index?id=${encodeURIComponent(appeal.id)}`)}>
            出示检测凭证（二维码）
          </Button>
        ) : null}
        {/* the receipt offer only while a receipt exists: it ends once the popup is confirmed cleared */}
        {receipt ? (
          <Text className='muted'>
            被弹窗期间，核酸检测点不得拒绝为您检测；{appeal.status === 'approved' ? '弹窗确认解除前' : ''}可向检测点出示凭证二维码。
          </Text>
        ) : appeal.correction?.status === 'cleared' ? (
          <Text className='muted' id='receipt-closed'>
            弹窗已确认解除，检测凭证已失效。
          </Text>
        ) : null}
      </View>

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

      {actions.length > 0 ? (
        <View className='card' id='actions'>
          <Text className='card__title'>{closed ? '评价本次办理' : '您可以'}</Text>
          {actionError ? (
            <Text className='error-text' id='action-error'>
              {actionError}
            </Text>
          ) : null}
          {actions.includes('supplement') ? (
            <View className='detail__action'>
              <Text className='detail__action-title'>工作人员需要您补充材料</Text>
              <Button className='btn btn--primary' id='btn-supplement-open' onClick={() => go(`/packageAppeal/pages/supplement/index?id=${encodeURIComponent(appeal.id)}`)}>
                去补充材料
              </Button>
            </View>
          ) : null}
          {actions.includes('urge') ? (
            <View className='detail__action'>
              {urgeLater ? (
                <Text className='muted' id='urge-wait'>
                  {urgeLater}
                </Text>
              ) : (
                <Button className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-urge' disabled={acting || undefined} onClick={() => run({ kind: 'urge' }, '已催办')}>
                  催办（12 小时内一次）
                </Button>
              )}
            </View>
          ) : null}
          {actions.includes('self_clear') ? (
            <Button
              className='btn btn--ok'
              id='btn-self-clear'
              onClick={async () => {
                if (await confirm('弹窗已消失？', '确认健康宝弹窗已经消失，申诉将结束办理。')) await run({ kind: 'self_clear' }, '已结束申诉')
              }}
            >
              弹窗已消失，结束申诉
            </Button>
          ) : null}
          {actions.includes('withdraw') ? (
            <Button
              className='btn btn--danger'
              id='btn-withdraw'
              onClick={async () => {
                if (await confirm('撤回申诉？', '撤回后工作人员不再审核；如仍有弹窗，需要重新申诉。')) await run({ kind: 'withdraw' }, '已撤回')
              }}
            >
              撤回申诉
            </Button>
          ) : null}
          {actions.includes('rate') ? (
            <RatingBox rating={appeal.rating} busy={acting} onRate={(score, comment) => void run({ kind: 'rate', score, comment }, '感谢您的评价')} />
          ) : null}
        </View>
      ) : null}

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
        <Button className='btn' onClick={() => Taro.redirectTo({ url: '/pages/appeals/index' })}>
          查看我的全部申诉
        </Button>
      </View>
    </View>
  )
}
