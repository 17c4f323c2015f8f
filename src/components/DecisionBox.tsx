import { Text, View } from '@tarojs/components'
import type { AppealStatus, Decision, WithdrawReason } from '../../types/appeal'
import { APPROVED_TEXT, reasonText } from '../domain/reasons'
import { formatDateTime } from '../domain/time'
import './DecisionBox.scss'

const HEADINGS: Record<Decision['outcome'], string> = {
  approved: '审核结果：通过',
  rejected: '审核结果：未通过',
  needs_info: '审核结果：需要补充材料'
}

/** The decision in plain words: what was decided, why, and what to do next. */
export default function DecisionBox({
  decision,
  status,
  withdrawReason,
  id
}: {
  decision: Decision | null
  status: AppealStatus
  withdrawReason?: WithdrawReason | null
  id?: string
}) {
  // a withdrawn appeal may still carry the request for more information it was withdrawn from: the citizen ended it
  if (status === 'withdrawn') {
    return (
      <View className='decision decision--pending' id={id}>
        <Text className='decision__title'>{withdrawReason === 'self_cleared' ? '您已反馈弹窗消失，申诉已结束' : '申诉已撤回'}</Text>
        <Text className='decision__text'>
          {withdrawReason === 'self_cleared' ? '感谢反馈。如弹窗再次出现，请重新提交申诉。' : '工作人员不再审核这条申诉；如仍有弹窗，请重新提交申诉。'}
        </Text>
      </View>
    )
  }
  if (!decision) {
    return (
      <View className='decision decision--pending' id={id}>
        <Text className='decision__title'>尚未出结果</Text>
        <Text className='decision__text'>工作人员审核后会在这里显示结果，本页会自动刷新。被弹窗期间，核酸检测点不得拒绝为您检测。</Text>
      </View>
    )
  }
  const reason = decision.outcome === 'approved' ? reasonText(decision.reasonCode) ?? APPROVED_TEXT : reasonText(decision.reasonCode)
  return (
    <View className={`decision decision--${decision.outcome}`} id={id}>
      <Text className='decision__title'>{HEADINGS[decision.outcome]}</Text>
      {reason && <Text className='decision__text'>{reason.text}</Text>}
      {reason && <Text className='decision__next'>下一步：{reason.nextStep}</Text>}
      {decision.note ? <Text className='decision__note'>审核说明：{decision.note}</Text> : null}
      {/* a request for more is not the end of the appeal */}
      <Text className='decision__time'>
        {decision.outcome === 'needs_info' ? '审核时间' : '办结时间'}：{formatDateTime(decision.decidedAt)}
      </Text>
    </View>
  )
}
