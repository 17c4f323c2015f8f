import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { NeedsInfoCode, RejectReasonCode } from '../../../../types/appeal'
import { NEEDS_INFO_CODES, REJECT_REASON_CODES } from '../../../../types/appeal'
import { CATEGORY_INFO } from '../../../domain/categories'
import { APPROVED_TEXT, NEEDS_INFO_REASONS, REJECT_REASONS, reasonText } from '../../../domain/reasons'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatDateTime, fromNow } from '../../../domain/time'
import { canTransition } from '../../../domain/transitions'
import StatusBadge from '../../../components/StatusBadge'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { previewImages } from '../../../services/media'
import { reviewerFileUrl } from '../../services/api'
import { useReview } from '../../stores/review'
import '../reviewer.scss'

type Mode = null | 'reject' | 'needs_info'

const DONE_TEXT = {
  approved: '已通过',
  rejected: '已驳回',
  needs_info: '已要求补充材料',
  released: '已释放回队列'
} as const

export default function ReviewPage() {
  const router = useRouter()
  const id = decodeURIComponent(router.params.id ?? '')
  const appeal = useReview((s) => s.current)
  const status = useReview((s) => s.currentStatus)
  const error = useReview((s) => s.currentError)
  const loadAppeal = useReview((s) => s.loadAppeal)
  const decide = useReview((s) => s.decide)
  const release = useReview((s) => s.release)
  const acting = useReview((s) => s.acting)
  const actionError = useReview((s) => s.actionError)
  const done = useReview((s) => s.done)
  const claim = useReview((s) => s.claim)
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  const authLost = useReview((s) => s.authLost)

  const [mode, setMode] = useState<Mode>(null)
  const [reason, setReason] = useState<RejectReasonCode | NeedsInfoCode | null>(null)
  const [note, setNote] = useState('')

  useEffect(() => {
    if (id) void loadAppeal(id)
  }, [id, loadAppeal])

  useEffect(() => {
    if (authLost) Taro.redirectTo({ url: '/reviewer/pages/login/index' })
  }, [authLost])

  const openMode = (m: Mode) => {
    setMode(m)
    setReason(null)
    setNote('')
  }

  const confirm = async () => {
    if (!mode || !reason) return
    if (await decide(mode === 'reject' ? 'rejected' : 'needs_info', reason, note)) setMode(null)
  }

  const next = async () => {
    const nextId = await claim()
    if (nextId) Taro.redirectTo({ url: `/reviewer/pages/review/index?id=${encodeURIComponent(nextId)}` })
  }

  const backToQueue = () => Taro.redirectTo({ url: '/reviewer/pages/queue/index' })

  if (!id) return <ErrorState title='缺少申诉编号' message='请回到队列领取申诉' onRetry={backToQueue} />
  if (!appeal || appeal.id !== id) {
    return (
      <View className='page reviewer'>
        {status === 'error' ? (
          <ErrorState message={error ?? '加载失败'} onRetry={() => loadAppeal(id)} />
        ) : (
          <Loading text='正在加载申诉…' />
        )}
        {status === 'error' ? (
          <Button className='btn' onClick={backToQueue}>
            返回队列
          </Button>
        ) : null}
      </View>
    )
  }

  const popupUrl = reviewerFileUrl(appeal.popupShot)
  const testUrls = appeal.negativeTests.map((t) => reviewerFileUrl(t.shot))
  const allUrls = [popupUrl, ...testUrls]
  const canDecide = !done && appeal.status === 'in_review'
  const reasons = mode === 'reject' ? REJECT_REASON_CODES : NEEDS_INFO_CODES
  const reasonTable: Record<string, { text: string; nextStep: string }> = mode === 'reject' ? REJECT_REASONS : NEEDS_INFO_REASONS

  return (
    <View className='page reviewer'>
      <View className='card'>
        <View className='reviewer__bar'>
          <Text className='reviewer__mono'>{appeal.trackingNo}</Text>
          <StatusBadge status={appeal.status} />
        </View>
        <Text style={{ display: 'block' }}>
          {CATEGORY_INFO[appeal.category]?.title ?? appeal.category} · {appeal.district}
        </Text>
        <Text className='muted' style={{ display: 'block' }}>
          提交于 {formatDateTime(appeal.createdAt)}（{fromNow(appeal.createdAt)}）
          {appeal.leaseUntil ? ` · 领取有效至 ${formatDateTime(appeal.leaseUntil)}` : ''}
        </Text>
      </View>

      <View className='card'>
        <Text className='card__title'>截图对照（点图片可放大）</Text>
        <View className='shots'>
          <View className='shots__col'>
            <Text className='shots__label'>健康宝弹窗</Text>
            <Image
              id='shot-popup'
              className='shots__img'
              src={popupUrl}
              mode='widthFix'
              onClick={() => previewImages(allUrls, popupUrl)}
            />
          </View>
          <View className='shots__col'>
            {appeal.negativeTests.map((t, i) => (
              <View key={`${t.shot}-${i}`}>
                <Text className='shots__label'>核酸阴性 {i + 1}</Text>
                <Image
                  id={`shot-negative-${i}`}
                  className='shots__img'
                  src={testUrls[i]}
                  mode='widthFix'
                  onClick={() => previewImages(allUrls, testUrls[i])}
                />
                <Text className='shots__time'>采样：{formatDateTime(t.sampledAt)}（{fromNow(t.sampledAt)}）</Text>
              </View>
            ))}
          </View>
        </View>
      </View>

      <View className='card'>
        <Text className='card__title'>核酸规则核对</Text>
        <View className='checks' id='evidence-checks'>
          {(appeal.evidence ?? []).map((c) => (
            <View className='checks__item' key={c.rule}>
              <Text className={`checks__mark checks__mark--${c.ok ? 'ok' : 'bad'}`}>{c.ok ? '✓' : '✗'}</Text>
              <Text>{c.message}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='card'>
        <Text className='card__title'>申诉人</Text>
        <View className='kv'>
          <View className='kv__row'>
            <Text className='kv__key'>姓名</Text>
            <Text className='kv__val'>{appeal.applicant.name}</Text>
          </View>
          <View className='kv__row'>
            <Text className='kv__key'>身份证号</Text>
            <Text className='kv__val reviewer__mono'>{appeal.applicant.idNumber}</Text>
          </View>
          <View className='kv__row'>
            <Text className='kv__key'>手机号</Text>
            <Text className='kv__val reviewer__mono'>{appeal.applicant.phone}</Text>
          </View>
          <View className='kv__row'>
            <Text className='kv__key'>情况说明</Text>
            <Text className='kv__val'>{appeal.statement || '（未填写）'}</Text>
          </View>
        </View>
      </View>

      <View className='card'>
        <Text className='card__title'>审核决定</Text>
        {done ? (
          <View className='decide__result' id='decision-result'>
            <Text style={{ display: 'block', fontWeight: 700 }}>
              {appeal.trackingNo} {DONE_TEXT[done.outcome]}
            </Text>
            {done.outcome === 'approved' ? <Text style={{ display: 'block' }}>{APPROVED_TEXT.text}</Text> : null}
            {done.reasonCode ? <Text style={{ display: 'block' }}>原因：{reasonText(done.reasonCode)?.text}</Text> : null}
            {done.outcome !== 'released' ? (
              <Text className='muted' style={{ display: 'block' }}>
                当前状态：{STATUS_LABELS[appeal.status]}
              </Text>
            ) : null}
            <Button className={`btn btn--primary${claiming ? ' btn--disabled' : ''}`} id='btn-next' disabled={(claiming) || undefined} onClick={next}>
              {claiming ? '正在领取…' : '领取下一条'}
            </Button>
            {queueEmpty ? (
              <Text className='reviewer__notice' id='review-queue-empty'>
                队列已清空，暂时没有待审核的申诉。
              </Text>
            ) : null}
            {claimError ? <Text className='error-text'>{claimError}</Text> : null}
            <Button className='btn' onClick={backToQueue}>
              返回队列
            </Button>
          </View>
        ) : null}

        {canDecide && !mode ? (
          <View className='decide__grid'>
            <Button
              className={`btn btn--ok${acting ? ' btn--disabled' : ''}`}
              id='btn-approve'
              disabled={(acting || !canTransition(appeal.status, 'approve')) || undefined}
              onClick={() => decide('approved')}
            >
              通过
            </Button>
            <Button className={`btn btn--danger${acting ? ' btn--disabled' : ''}`} id='btn-reject' disabled={(acting) || undefined} onClick={() => openMode('reject')}>
              驳回
            </Button>
            <Button className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-needs-info' disabled={(acting) || undefined} onClick={() => openMode('needs_info')}>
              需补充材料
            </Button>
            <Button className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-release' disabled={(acting) || undefined} onClick={() => release()}>
              释放
            </Button>
          </View>
        ) : null}

        {canDecide && mode ? (
          <View>
            <Text className='field__label'>{mode === 'reject' ? '选择驳回原因' : '选择需要补充的材料'}</Text>
            {reasons.map((code) => (
              <View
                key={code}
                id={`reason-${code}`}
                role='radio'
                aria-checked={reason === code}
                className={`decide__reason ${reason === code ? 'decide__reason--checked' : ''}`}
                onClick={() => setReason(code)}
              >
                <Text>
                  {reason === code ? '◉ ' : '○ '}
                  {reasonTable[code].text}
                </Text>
              </View>
            ))}
            <Text className='field__label'>补充说明（选填，申诉人可见）</Text>
            <Textarea
              id='input-note'
              className='field__textarea'
              value={note}
              maxlength={200}
              placeholder='例如：截图中采样时间看不清'
              onInput={(e) => setNote(e.detail.value)}
            />
            {!reason ? <Text className='hint-text'>请先选择原因</Text> : null}
            <Button
              className={`btn btn--primary${!reason || acting ? ' btn--disabled' : ''}`}
              id='btn-confirm-decision'
              disabled={(!reason || acting) || undefined}
             
              onClick={confirm}
            >
              {acting ? '正在提交…' : mode === 'reject' ? '确认驳回' : '确认要求补充'}
            </Button>
            <Button className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-cancel-decision' disabled={(acting) || undefined} onClick={() => openMode(null)}>
              取消
            </Button>
          </View>
        ) : null}

        {acting && !mode ? <Loading text='正在提交…' /> : null}
        {actionError ? (
          <View role='alert'>
            <Text className='error-text' id='action-error'>
              {actionError}
            </Text>
            <Button className='btn' onClick={backToQueue}>
              返回队列
            </Button>
          </View>
        ) : null}
        {!done && !canDecide ? (
          <Text className='muted'>这条申诉当前为「{STATUS_LABELS[appeal.status]}」，不在你的审核中。</Text>
        ) : null}
      </View>
    </View>
  )
}
