// What the citizen can do with the appeal now: supplement, urge, end it, withdraw, rate.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Appeal } from '../../../types/appeal'
import { citizenActions } from '../../domain/transitions'
import { urgeWait } from '../../domain/followup'
// h5: native buttons (A11y.tsx); WeChat: Taro's Button
import { Btn as Button } from '../../components/A11y'
import RatingBox from '../../components/RatingBox'
import { go } from '../../services/nav'
import { usePolicy } from '../../services/policy'
import type { CitizenCall } from '../../stores/appeals'

function confirm(title: string, content: string): Promise<boolean> {
  return Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })
    .then((r) => Boolean(r.confirm))
    .catch(() => false)
}

interface ActionsProps {
  appeal: Appeal
  closed: boolean
  acting: boolean
  actionError: string | null
  /** carries out a call and toasts `done` when it succeeds */
  run: (call: CitizenCall, done: string) => Promise<boolean>
}

export default function DetailActions({ appeal, closed, acting, actionError, run }: ActionsProps) {
  const { urgeIntervalHours } = usePolicy()
  const actions = citizenActions(appeal.status)
  if (actions.length === 0) return null
  const urgeLater = urgeWait(appeal)
  // the calls that end the appeal ask first
  const ask = (title: string, content: string, call: CitizenCall, done: string) => async () => {
    if (await confirm(title, content)) await run(call, done)
  }
  return (
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
              催办（{urgeIntervalHours} 小时内一次）
            </Button>
          )}
        </View>
      ) : null}
      {actions.includes('self_clear') ? (
        <Button className='btn btn--ok' id='btn-self-clear' onClick={ask('弹窗已消失？', '确认健康宝弹窗已经消失，申诉将结束办理。', { kind: 'self_clear' }, '已结束申诉')}>
          弹窗已消失，结束申诉
        </Button>
      ) : null}
      {actions.includes('withdraw') ? (
        <Button className='btn btn--danger' id='btn-withdraw' onClick={ask('撤回申诉？', '撤回后工作人员不再审核；如仍有弹窗，需要重新申诉。', { kind: 'withdraw' }, '已撤回')}>
          撤回申诉
        </Button>
      ) : null}
      {actions.includes('rate') ? (
        <RatingBox rating={appeal.rating} busy={acting} onRate={(score, comment) => void run({ kind: 'rate', score, comment }, '感谢您的评价')} />
      ) : null}
    </View>
  )
}
