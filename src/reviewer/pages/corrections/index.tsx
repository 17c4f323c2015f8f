import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RejectReasonCode } from '../../../../types/appeal'
import type { CorrectionProblem } from '../../../../types/correction'
import { REJECT_REASONS } from '../../../domain/reasons'
import { formatShort } from '../../../domain/time'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import EmptyState from '../../../components/EmptyState'
import { toApiError } from '../../../services/errors'
import { fetchCorrectionProblems, fetchThroughput, reassignAppeal, rejectCorrection, retryCorrection } from '../../services/api'
import { useReviewerSession } from '../../stores/session'
import { loginAgainIfExpired, useLoadWhenSignedIn } from '../../signedIn'
import '../reviewer.scss'

const RESULT_TEXT: Record<CorrectionProblem['result'], string> = {
  not_found: '健康宝中未找到该人员的弹窗记录',
  refused: '健康宝运营方拒绝纠错'
}

// reasons a supervisor can give for rejecting after the operator's answer; 补充材料超时 belongs to another path
const REJECT_CODES = (Object.keys(REJECT_REASONS) as RejectReasonCode[]).filter((c) => c !== 'no_supplement')

interface Person {
  id: string
  name: string
}

type Open = { id: string; kind: 'reject' | 'reassign' } | null

/**
 * The supervisor's list of corrections the health-code operator could not apply (not_found / refused), with
 * the operator's note: 重新提交 (a new attempt to the operator), 驳回 (a reason the citizen sees), 改派 (back
 * to review with a reviewer, through the existing reassign route).
 */
export default function Corrections() {
  const me = useReviewerSession((s) => s.reviewer)
  const [items, setItems] = useState<CorrectionProblem[] | null>(null)
  const [people, setPeople] = useState<Person[]>([])
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<Open>(null)
  const [reason, setReason] = useState<RejectReasonCode | null>(null)
  const [note, setNote] = useState('')
  const [to, setTo] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)

  const load = async () => {
    setError(null)
    try {
      const [problems, throughput] = await Promise.all([fetchCorrectionProblems(), fetchThroughput().catch(() => ({ items: [] }))])
      setItems(problems.items)
      // reviewers to reassign to: this supervisor, and everyone who decided appeals lately (no reviewer directory route)
      const self = useReviewerSession.getState().reviewer
      const known = new Map<string, string>()
      if (self) known.set(self.id, `${self.username}（我）`)
      for (const t of throughput.items) if (!known.has(t.reviewerId)) known.set(t.reviewerId, t.username)
      setPeople([...known].map(([id, name]) => ({ id, name })))
    } catch (e) {
      const err = toApiError(e)
      loginAgainIfExpired(err)
      setError(err.message)
    }
  }

  useLoadWhenSignedIn(load)

  const start = (id: string, kind: 'reject' | 'reassign') => {
    setOpen({ id, kind })
    setReason(null)
    setNote('')
    setTo(null)
  }

  const act = async (p: CorrectionProblem, call: () => Promise<unknown>, done: string) => {
    if (busy) return
    setBusy(true)
    setResult(null)
    try {
      await call()
      setOpen(null)
      // the list first, then the message: what it says is already true of the list shown
      await load()
      setResult({ ok: true, text: `${p.trackingNo}：${done}` })
    } catch (e) {
      const err = toApiError(e)
      loginAgainIfExpired(err)
      setResult({ ok: false, text: `${p.trackingNo}：${err.message}` })
    } finally {
      setBusy(false)
    }
  }

  if (me && !me.supervisor) return <ErrorState title='仅主管可查看' message='请使用主管账号登录' />
  if (error) return <ErrorState message={error} onRetry={load} />
  if (!items) return <Loading text='正在加载未能解除的纠错…' />

  return (
    <View className='page reviewer'>
      <View className='reviewer__bar'>
        <Text className='card__title'>健康宝运营方未能解除的纠错（{items.length}）</Text>
        <View className='rv__title'>
          <Button className='btn btn--small' id='btn-corrections-refresh' onClick={load}>
            刷新
          </Button>
          <Button className='btn btn--small' onClick={() => Taro.redirectTo({ url: '/reviewer/pages/dashboard/index' })}>
            统计看板
          </Button>
        </View>
      </View>
      {result ? (
        <Text className={result.ok ? 'reviewer__notice' : 'error-text'} id='correction-result'>
          {result.text}
        </Text>
      ) : null}
      {items.length === 0 ? <EmptyState title='没有待处理的纠错' text='健康宝运营方回复“未找到”或“拒绝”的纠错会出现在这里。' /> : null}
      {items.map((p, i) => (
        <View className='card' key={p.id} id={`problem-${p.trackingNo}`}>
          <View className='reviewer__bar'>
            <Text>
              <Text className='reviewer__mono'>{p.trackingNo}</Text> · {p.district}
              {p.attempt > 1 ? ` · 第 ${p.attempt} 次转交` : ''}
            </Text>
            <Text className='flag flag--bad'>{p.result === 'not_found' ? '未找到' : '被拒绝'}</Text>
          </View>
          <Text className='rv__line'>{RESULT_TEXT[p.result]}</Text>
          <Text className='rv__line' id={`problem-note-${i}`}>
            运营方说明：{p.note ?? '（未填写）'}
          </Text>
          <Text className='muted rv__line'>
            {p.operator || '健康宝运营方'} · 回复于 {formatShort(p.acknowledgedAt)}
          </Text>

          {open?.id === p.id && open.kind === 'reject' ? (
            <View id={`reject-form-${i}`}>
              <Text className='field__label'>驳回原因（申诉人会看到）：</Text>
              <View role='radiogroup' aria-label='驳回原因'>
                {REJECT_CODES.map((code) => (
                  <View
                    key={code}
                    id={`reject-reason-${code}`}
                    role='radio'
                    aria-checked={reason === code}
                    className={`decide__reason decide__reason--compact ${reason === code ? 'decide__reason--checked' : ''}`}
                    onClick={() => setReason(code)}
                  >
                    <Text>{REJECT_REASONS[code].text}</Text>
                  </View>
                ))}
              </View>
              <Text className='field__label'>说明（选填，申诉人会看到）：</Text>
              <Textarea id='input-reject-note' className='field__textarea' value={note} maxlength={400} onInput={(e) => setNote(e.detail.value)} />
              <Button
                className={`btn btn--danger${!reason || busy ? ' btn--disabled' : ''}`}
                id={`btn-reject-confirm-${i}`}
                disabled={!reason || busy || undefined}
                onClick={() => reason && act(p, () => rejectCorrection(p.id, { reasonCode: reason, ...(note.trim() ? { note: note.trim() } : {}) }), '已驳回，申诉人会看到驳回原因')}
              >
                确认驳回
              </Button>
              <Button className='btn' onClick={() => setOpen(null)}>
                取消
              </Button>
            </View>
          ) : open?.id === p.id && open.kind === 'reassign' ? (
            <View id={`reassign-form-${i}`}>
              <Text className='field__label'>改派给（该审核员重新审核这条申诉）：</Text>
              <View role='radiogroup' aria-label='改派给'>
                {people.map((r) => (
                  <View
                    key={r.id}
                    id={`reassign-to-${r.id}`}
                    role='radio'
                    aria-checked={to === r.id}
                    className={`decide__reason decide__reason--compact ${to === r.id ? 'decide__reason--checked' : ''}`}
                    onClick={() => setTo(r.id)}
                  >
                    <Text>{r.name}</Text>
                  </View>
                ))}
              </View>
              <Button
                className={`btn btn--primary${!to || busy ? ' btn--disabled' : ''}`}
                id={`btn-reassign-confirm-${i}`}
                disabled={!to || busy || undefined}
                onClick={() => to && act(p, () => reassignAppeal(p.appealId, to), '已改派，申诉回到审核')}
              >
                确认改派
              </Button>
              <Button className='btn' onClick={() => setOpen(null)}>
                取消
              </Button>
            </View>
          ) : (
            <View className='decide__grid'>
              <Button
                className={`btn btn--primary${busy ? ' btn--disabled' : ''}`}
                id={`btn-retry-${i}`}
                disabled={busy || undefined}
                onClick={() => act(p, () => retryCorrection(p.id), '已重新提交给健康宝运营方')}
              >
                重新提交
              </Button>
              <Button className='btn btn--danger' id={`btn-reject-${i}`} onClick={() => start(p.id, 'reject')}>
                驳回
              </Button>
              <Button className='btn' id={`btn-reassign-${i}`} onClick={() => start(p.id, 'reassign')}>
                改派
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
