// The review screen: one appeal in hand. This page loads it, holds its lease, and lays out the panels;
// each panel (evidence, decision, flags, applicant, records) lives beside it.
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
// first, as StatusBadge was before the split: the order of imports is the order of the extracted CSS
import { LastDecisionLive, ReviewHeader } from './ReviewHeader'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { useReview } from '../../stores/review'
import { useReviewerSession } from '../../stores/session'
import ShortcutHelp from '../../components/ShortcutHelp'
import Btn from '../../components/Btn'
import { tabStop } from '../../components/useWide'
import { RuleChecksCard, ShotsColumn } from './EvidencePanel'
import DecisionPanel from './DecisionPanel'
import FlagsCard, { appealFlags } from './FlagsCard'
import ApplicantCard from './ApplicantCard'
import { AuditCard, HistoryCard } from './RecordsCards'
import { useLease } from './useLease'
import { useDecisionKeys } from './useDecisionKeys'
import { useReadingRefresh } from './useReadingRefresh'
import '../reviewer.scss'

export default function ReviewPage() {
  const router = useRouter()
  const id = decodeURIComponent(router.params.id ?? '')
  const reviewer = useReviewerSession((s) => s.reviewer)
  const appeal = useReview((s) => s.current)
  const status = useReview((s) => s.currentStatus)
  const error = useReview((s) => s.currentError)
  const loadAppeal = useReview((s) => s.loadAppeal)
  const acting = useReview((s) => s.acting)
  const done = useReview((s) => s.done)
  const lastDone = useReview((s) => s.lastDone)
  const authLost = useReview((s) => s.authLost)
  const loadHistory = useReview((s) => s.loadHistory)
  const loadAudit = useReview((s) => s.loadAudit)
  const [now, setNow] = useState(Date.now())

  useEffect(() => {
    if (id && useReview.getState().current?.id !== id) void loadAppeal(id)
  }, [id, loadAppeal])

  useEffect(() => {
    if (authLost) Taro.redirectTo({ url: '/reviewer/pages/login/index?expired=1' })
  }, [authLost])

  const appealId = appeal?.id
  const holding = !!appeal && appeal.status === 'in_review' && !done
  const canDecide = holding && !acting
  const { keys, note, setNote, run, reset } = useDecisionKeys(!!appeal, canDecide)

  useEffect(() => {
    reset()
    if (!appealId) return
    // a new appeal in hand (opened, or the next one after a decision): the keyboard and the screen reader
    // start from its heading, not from wherever the last button was
    if (process.env.TARO_ENV === 'h5') requestAnimationFrame(() => document.getElementById('review-heading')?.focus())
    void loadHistory(appealId)
    if (reviewer?.supervisor) void loadAudit(appealId)
  }, [appealId, loadHistory, loadAudit, reviewer?.supervisor, reset])

  useLease(appealId, holding, setNow)
  useReadingRefresh(appeal)

  const backToQueue = () => Taro.redirectTo({ url: '/reviewer/pages/queue/index' })

  if (!appeal) {
    if (!id) return <ErrorState title='缺少申诉编号' message='请回到队列领取申诉' onRetry={backToQueue} />
    return (
      <View className='page reviewer'>
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={() => loadAppeal(id)} /> : <Loading text='正在加载申诉…' />}
        {status === 'error' ? (
          <Btn className='btn' onClick={backToQueue}>
            返回队列
          </Btn>
        ) : null}
      </View>
    )
  }

  return (
    <View className='page reviewer reviewer--wide' id='review-page'>
      <ReviewHeader appeal={appeal} now={now} onHelp={() => run({ type: 'help' })} onBack={backToQueue} />
      <LastDecisionLive lastDone={lastDone} done={done} />

      <View className='rv'>
        <ShotsColumn appeal={appeal} now={now} blocked={appealFlags(appeal).blocked} />

        <View className='rv__side' role='region' aria-label='申诉详情与审核决定' {...tabStop(0)}>
          <RuleChecksCard appeal={appeal} />
          <DecisionPanel appeal={appeal} holding={holding} keys={keys} note={note} onNote={setNote} run={run} onBack={backToQueue} />
          <FlagsCard appeal={appeal} />
          <ApplicantCard appeal={appeal} />
          <HistoryCard />
          {reviewer?.supervisor ? <AuditCard appealId={appeal.id} /> : null}
        </View>
      </View>
      {keys.mode === 'help' ? <ShortcutHelp onClose={() => run({ type: 'cancel' })} /> : null}
    </View>
  )
}
