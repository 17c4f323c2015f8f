// The top of the review screen: which appeal is in hand, how long until it is due, help and the way back,
// and the live line that says what became of the previous one after auto-next.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../../types/api'
import { CATEGORY_INFO } from '../../../domain/categories'
import { reasonText } from '../../../domain/reasons'
import StatusBadge from '../../../components/StatusBadge'
import type { DecisionDone } from '../../stores/review'
import { countdown } from '../../format'
import Btn from '../../components/Btn'
import { tabStop } from '../../components/useWide'
import { DONE_TEXT } from './texts'

interface HeaderProps {
  appeal: ReviewAppealResponse
  now: number
  onHelp: () => void
  onBack: () => void
}

export function ReviewHeader({ appeal, now, onHelp, onBack }: HeaderProps) {
  const due = appeal.dueAt ? countdown(appeal.dueAt, now) : null
  return (
    <View className='rv__top'>
      <View className='rv__title'>
        <View className='rv__h1' id='review-heading' role='heading' aria-level={1} {...tabStop(-1)}>
          <Text className='reviewer__mono' id='review-tracking-no'>
            {appeal.trackingNo}
          </Text>
        </View>
        <StatusBadge status={appeal.status} />
        <Text className='muted'>
          {CATEGORY_INFO[appeal.category]?.title ?? appeal.category} · {appeal.district}
          {appeal.triggerDate ? ` · 触发日 ${appeal.triggerDate}` : ''}
        </Text>
      </View>
      <View className='rv__title'>
        {due ? (
          <Text className={`rv__due${due.overdue ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`} id='review-due'>
            {due.text}
          </Text>
        ) : null}
        <Btn className='btn btn--small' id='btn-help' label='快捷键说明' onClick={onHelp}>
          快捷键 ?
        </Btn>
        <Btn className='btn btn--small' id='btn-back-queue' label='返回队列' onClick={onBack}>
          队列
        </Btn>
      </View>
    </View>
  )
}

/** Read out after auto-next: the screen changed under the reviewer, so say what happened to the last one. */
export function LastDecisionLive({ lastDone, done }: { lastDone: DecisionDone | null; done: DecisionDone | null }) {
  return (
    <View role='status' id='review-live'>
      {lastDone && !done ? (
        <View className='rv__flash' id='last-decision'>
          <Text>
            上一条 {lastDone.trackingNo} {DONE_TEXT[lastDone.outcome]}
            {lastDone.reasonCode ? `（${reasonText(lastDone.reasonCode)?.text}）` : ''}，已自动打开下一条。
          </Text>
        </View>
      ) : null}
    </View>
  )
}
