import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { AppealStatus, Decision } from '../../types/appeal'
import type { Correction } from '../../types/correction'
import { NOT_CLEARED_NEXT, correctionSteps, stillPoppedState } from '../domain/stages'
import { formatDateTime, fromNow } from '../domain/time'
import './StageProgress.scss'
import './CorrectionStages.scss'

type Props = {
  status: AppealStatus
  decision: Pick<Decision, 'decidedAt'> | null
  correction: Correction
  now?: number
  busy?: boolean
  /** sends 「弹窗还在」; resolves to the error in Chinese, or null once sent */
  onStillPopped: (note: string) => Promise<string | null>
  id?: string
}

/**
 * After approval: 已通过 → 已转健康宝 → 弹窗已解除 / 未能解除, each with its Beijing time, and 「弹窗还在？」
 * once the server allows it (a confirmation with an optional note, inline so it works the same on h5 and weapp).
 */
export default function CorrectionStages({ status, decision, correction, now = Date.now(), busy, onStillPopped, id }: Props) {
  const [asking, setAsking] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const steps = correctionSteps(decision?.decidedAt ?? null, correction)
  const still = stillPoppedState(status, correction, now)

  const send = async () => {
    setError(null)
    const err = await onStillPopped(note.trim())
    if (err) setError(err)
    else {
      setAsking(false)
      setNote('')
    }
  }

  return (
    <View className='card' id={id}>
      <Text className='card__title'>弹窗解除进度</Text>
      <View className='stages'>
        {steps.map((s, i) => (
          <View
            key={s.key}
            id={`correction-${s.key}`}
            className={`stages__item ${s.done ? 'stages__item--done' : ''} ${s.current ? 'stages__item--current' : ''}`}
            data-testid='correction-stage'
          >
            <View className='stages__rail'>
              <Text className='stages__dot'>{s.tone === 'bad' ? '！' : s.done ? '✓' : String(i + 1)}</Text>
              {i < steps.length - 1 && <View className='stages__line' />}
            </View>
            <View className='stages__body'>
              <Text className={`stages__label${s.tone === 'ok' ? ' correction__ok' : s.tone === 'bad' ? ' correction__bad' : ''}`}>
                {s.label}
                {s.current && s.key !== 'outcome' ? '（当前）' : s.done ? '' : '（未到）'}
              </Text>
              {s.at ? (
                <Text className='stages__time'>
                  {formatDateTime(s.at)}（{fromNow(s.at, now)}）
                </Text>
              ) : null}
              {s.detail ? <Text className='stages__time'>{s.detail}</Text> : null}
            </View>
          </View>
        ))}
      </View>
      {correction.status === 'not_cleared' ? (
        <Text className='correction__next' id='correction-next'>
          下一步：{NOT_CLEARED_NEXT}
        </Text>
      ) : null}
      {correction.attempt > 1 ? <Text className='muted'>第 {correction.attempt} 次转交健康宝</Text> : null}

      {still ? (
        <View className='correction__ask'>
          {still.kind === 'later' ? (
            <Text className='muted' id='still-popped-wait'>
              如 {formatDateTime(still.at)}（{fromNow(still.at, now)}）后健康宝仍显示弹窗，可在这里反馈「弹窗还在」。
            </Text>
          ) : asking ? (
            <View className='correction__confirm' id='still-popped-confirm'>
              <Text className='detail__action-title'>确认健康宝仍显示弹窗？</Text>
              <Text className='muted'>申诉会回到队首重新审核，通过后再次转交健康宝运营方。</Text>
              <Textarea
                id='still-popped-note'
                className='field__textarea'
                value={note}
                maxlength={200}
                placeholder='补充说明（选填），如弹窗的样子、出现的时间'
                onInput={(e) => setNote(e.detail.value)}
              />
              {error ? (
                <Text className='error-text' id='still-popped-error'>
                  {error}
                </Text>
              ) : null}
              <Button className={`btn btn--primary${busy ? ' btn--disabled' : ''}`} id='btn-still-popped-confirm' disabled={busy || undefined} onClick={send}>
                确认反馈
              </Button>
              <Button className='btn' id='btn-still-popped-cancel' onClick={() => setAsking(false)}>
                取消
              </Button>
            </View>
          ) : (
            <Button className='btn' id='btn-still-popped' onClick={() => setAsking(true)}>
              弹窗还在？
            </Button>
          )}
        </View>
      ) : null}
    </View>
  )
}
