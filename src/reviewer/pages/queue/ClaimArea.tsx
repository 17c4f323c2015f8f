// The counts per status (each a tab of the list) and the claim-next button with what came of it.
import { Text, View } from '@tarojs/components'
import { APPEAL_STATUSES, type AppealStatus } from '../../../../types/appeal'
import { STATUS_LABELS } from '../../../domain/stages'
import { useReview } from '../../stores/review'
import Btn from '../../components/Btn'

export function StatusCounts() {
  const counts = useReview((s) => s.counts)
  const filters = useReview((s) => s.filters)
  const setFilters = useReview((s) => s.setFilters)
  return (
    <View className='reviewer__counts' id='queue-counts' role='group' aria-label='按状态查看'>
      {APPEAL_STATUSES.map((st) => (
        <Btn
          className={`reviewer__count${filters.status === st ? ' reviewer__count--on' : ''}`}
          key={st}
          id={`count-${st}`}
          pressed={filters.status === st}
          onClick={() => setFilters({ status: st as AppealStatus })}
        >
          <Text className='reviewer__count-num'>{counts[st] ?? 0}</Text>
          <Text className='reviewer__count-label'>{STATUS_LABELS[st]}</Text>
        </Btn>
      ))}
    </View>
  )
}

export function ClaimBlock({ onClaim }: { onClaim: () => void }) {
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  return (
    <View className='queue__claim'>
      <Btn className='btn btn--primary' id='btn-claim-next' disabled={claiming} onClick={onClaim}>
        {claiming ? '正在领取…' : '领取下一条（按优先级）'}
      </Btn>
      <View aria-live='polite' className='queue__live'>
        {queueEmpty ? (
          <Text className='reviewer__notice' id='queue-empty'>
            队列已清空，暂时没有待审核的申诉。稍后下拉刷新再试。
          </Text>
        ) : null}
      </View>
      <View aria-live='assertive'>
        {claimError ? (
          <Text className='error-text' id='claim-error'>
            {claimError}
          </Text>
        ) : null}
      </View>
    </View>
  )
}
