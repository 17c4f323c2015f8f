import { Text, View } from '@tarojs/components'
import type { AppealStatus, Decision } from '../../types/appeal'
import { APPROVED_TEXT, reasonText } from '../domain/reasons'
import { formatDateTime } from '../domain/time'
import './DecisionBox.scss'

const HEADINGS: Record<Decision['outcome'], string> = {
  approved: '审核结果：通过',
  rejected: '审核结果：未通过',
  needs_info: '审核结果：需要补充材料'
}

/** The decision in plain words: what was decided, why, and what to do next. */
export default function DecisionBox({ decision, status, id }: { decision: Decision | null; status: AppealStatus; id?: string }) {
  if (!decision) {
    return (
      <View className='decision decision--pending' id={id}>
        <Text className='decision__title'>{status === 'withdrawn' ? '申诉已撤回' : '尚未出结果'}</Text>
        {status !== 'withdrawn' && (
          <Text className='decision__text'>工作人员审核后会在这里显示结果，本页会自动刷新。被弹窗期间，核酸检测点不得拒绝为您检测。</Text>
        )}
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
      <Text className='decision__time'>办结时间：{formatDateTime(decision.decidedAt)}</Text>
    </View>
  )
}
