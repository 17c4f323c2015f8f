// Why this appeal may be urgent or suspect, and the other appeals that used the same screenshot.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReviewAppealResponse } from '../../../../types/api'
import { formatShort } from '../../../domain/time'
import Btn from '../../components/Btn'
import { NEED_BY_SHORT_LABELS } from '../../../domain/policy'

/** The appeal's flags; older servers send them as loose fields instead of `flags`. */
export function appealFlags(appeal: ReviewAppealResponse) {
  const flags = appeal.flags
  return {
    blocked: flags?.blockedFromTesting ?? appeal.blockedFromTesting,
    needBy: flags?.needBy ?? appeal.needBy,
    urged: flags?.urged ?? !!appeal.urgedAt,
    reused: flags?.reusedScreenshot ?? false,
    // issue 13: a screenshot says something other than the form (servers before it send no such flag)
    mismatch: flags?.shotMismatch ?? false,
    // shown by 查询码 when the server gives them (older servers: the raw ids)
    linked: (flags?.linkedAppealIds ?? []).map((linkedId, i) => ({ id: linkedId, label: flags?.linkedTrackingNos?.[i] ?? linkedId }))
  }
}

export default function FlagsCard({ appeal }: { appeal: ReviewAppealResponse }) {
  const { blocked, needBy, urged, reused, mismatch, linked } = appealFlags(appeal)
  return (
    <View className='card rv__card'>
      <Text className='card__title'>标记</Text>
      <View className='rv__flags' id='review-flags'>
        {blocked ? <Text className='flag flag--bad'>在检测点被拒检</Text> : null}
        {needBy ? (
          <Text className='flag flag--warn'>
            {needBy.date} 前需要（{NEED_BY_SHORT_LABELS[needBy.reason] ?? needBy.reason}）
          </Text>
        ) : null}
        {urged ? <Text className='flag flag--warn'>已催办{appeal.urgedAt ? ` ${formatShort(appeal.urgedAt)}` : ''}</Text> : null}
        {appeal.overdue ? <Text className='flag flag--bad'>已超时</Text> : null}
        {reused ? <Text className='flag flag--bad'>截图与他人申诉重复</Text> : null}
        {mismatch ? (
          <Text className='flag flag--bad' id='review-flag-mismatch'>
            ⚠ 截图与填写不符
          </Text>
        ) : null}
        {!blocked && !needBy && !urged && !appeal.overdue && !reused && !mismatch ? <Text className='muted'>无</Text> : null}
      </View>
      {linked.length > 0 ? (
        <View id='review-linked'>
          <Text className='muted'>使用相同截图的申诉：</Text>
          {linked.map((l, i) => (
            <Btn
              key={l.id}
              id={`review-linked-${i}`}
              className='rv__link reviewer__mono'
              label={`复制查询码 ${l.label}`}
              onClick={() => void Taro.setClipboardData({ data: l.label })}
            >
              {l.label}
            </Btn>
          ))}
        </View>
      ) : null}
    </View>
  )
}
