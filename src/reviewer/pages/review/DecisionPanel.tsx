// The decision card: the four actions while the appeal is held, the reasons panel, and what happened after.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../../types/api'
import { APPROVED_TEXT, reasonText } from '../../../domain/reasons'
import { STATUS_LABELS } from '../../../domain/stages'
import { canTransition } from '../../../domain/transitions'
import Loading from '../../../components/Loading'
import { useReview } from '../../stores/review'
import type { KeyCommand } from '../../keymap'
import Btn from '../../components/Btn'
import ReasonsPanel, { type PanelKeys } from './ReasonsPanel'
import { DONE_TEXT } from './texts'

interface DecisionProps {
  appeal: ReviewAppealResponse
  holding: boolean
  keys: PanelKeys
  note: string
  onNote: (note: string) => void
  run: (cmd: KeyCommand) => void
  onBack: () => void
}

/** Once decided (or released): the outcome, and the way to the next appeal. */
function DecisionResult({ status }: { status: ReviewAppealResponse['status'] }) {
  const done = useReview((s) => s.done)
  const claim = useReview((s) => s.claim)
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  if (!done) return null
  return (
    <View className='decide__result' id='decision-result' role='status'>
      <Text style={{ display: 'block', fontWeight: 700 }}>
        {done.trackingNo} {DONE_TEXT[done.outcome]}
      </Text>
      {done.outcome === 'approved' ? <Text style={{ display: 'block' }}>{APPROVED_TEXT.text}</Text> : null}
      {done.reasonCode ? <Text style={{ display: 'block' }}>原因：{reasonText(done.reasonCode)?.text}</Text> : null}
      {done.outcome !== 'released' ? (
        <Text className='muted' style={{ display: 'block' }}>
          当前状态：{STATUS_LABELS[status]}
        </Text>
      ) : null}
      <Btn className={`btn btn--primary${claiming ? ' btn--disabled' : ''}`} id='btn-next' disabled={claiming} onClick={() => claim()}>
        {claiming ? '正在领取…' : '领取下一条'}
      </Btn>
      {queueEmpty ? (
        <Text className='reviewer__notice' id='review-queue-empty'>
          队列已清空，暂时没有待审核的申诉。
        </Text>
      ) : null}
      {claimError ? (
        <View role='alert'>
          <Text className='error-text'>{claimError}</Text>
        </View>
      ) : null}
    </View>
  )
}

function DecisionButtons({ appeal, acting, run }: { appeal: ReviewAppealResponse; acting: boolean; run: (cmd: KeyCommand) => void }) {
  return (
    <View className='decide__grid'>
      <Btn
        className={`btn btn--ok${acting ? ' btn--disabled' : ''}`}
        id='btn-approve'
        disabled={acting || !canTransition(appeal.status, 'approve') || undefined}
        onClick={() => run({ type: 'approve' })}
      >
        通过 (A)
      </Btn>
      <Btn className={`btn btn--danger${acting ? ' btn--disabled' : ''}`} id='btn-reject' disabled={acting} onClick={() => run({ type: 'open_reject' })}>
        驳回 (R)
      </Btn>
      <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-needs-info' disabled={acting} onClick={() => run({ type: 'open_needs_info' })}>
        需补充材料 (N)
      </Btn>
      <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-release' disabled={acting} onClick={() => run({ type: 'release' })}>
        跳过 / 释放 (S)
      </Btn>
    </View>
  )
}

export default function DecisionPanel({ appeal, holding, keys, note, onNote, run, onBack }: DecisionProps) {
  const acting = useReview((s) => s.acting)
  const actionError = useReview((s) => s.actionError)
  const done = useReview((s) => s.done)
  const claiming = useReview((s) => s.claiming)
  const mode = keys.mode
  const choosing = mode === 'reject' || mode === 'needs_info'
  return (
    <View className='card rv__card' id='decision-panel'>
      <Text className='card__title'>审核决定</Text>
      <DecisionResult status={appeal.status} />

      {holding && !choosing ? <DecisionButtons appeal={appeal} acting={acting} run={run} /> : null}

      {holding && choosing ? <ReasonsPanel keys={{ ...keys, mode }} note={note} onNote={onNote} acting={acting} run={run} /> : null}

      {acting && mode === 'idle' ? <Loading text='正在提交…' /> : null}
      {claiming && !done ? <Loading text='正在打开下一条…' /> : null}
      {actionError ? (
        <View role='alert'>
          <Text className='error-text' id='action-error'>
            {actionError}
          </Text>
          <Btn className='btn' onClick={onBack}>
            返回队列
          </Btn>
        </View>
      ) : null}
      {!done && !holding ? <Text className='muted'>这条申诉当前为「{STATUS_LABELS[appeal.status]}」，不在你的审核中。</Text> : null}
    </View>
  )
}
