// The record around the appeal: the applicant's other appeals, and (supervisors) who viewed and acted on it.
import { Text, View } from '@tarojs/components'
import { reasonText } from '../../../domain/reasons'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatDateTime, formatShort } from '../../../domain/time'
import { useReview } from '../../stores/review'
import Btn from '../../components/Btn'
import { AUDIT_TEXT } from './texts'

export function HistoryCard() {
  const history = useReview((s) => s.history)
  return (
    <View className='card rv__card' id='review-history'>
      <Text className='card__title'>该申诉人的其他申诉（{history.length}）</Text>
      {history.length === 0 ? <Text className='muted'>没有其他申诉</Text> : null}
      {history.map((h) => (
        <View className='rv__hist' key={h.id}>
          <Text className='reviewer__mono'>{h.trackingNo}</Text>
          <Text>
            {' '}
            {STATUS_LABELS[h.status]} · {formatShort(h.createdAt)} · {h.applicant.name} {h.applicant.idNumber}
          </Text>
          {h.decision?.reasonCode ? <Text className='muted'>（{reasonText(h.decision.reasonCode)?.text}）</Text> : null}
        </View>
      ))}
    </View>
  )
}

export function AuditCard({ appealId }: { appealId: string }) {
  const audit = useReview((s) => s.audit)
  const loadAudit = useReview((s) => s.loadAudit)
  return (
    <View className='card rv__card' id='review-audit'>
      <View className='reviewer__bar'>
        <Text className='card__title'>查看与操作记录</Text>
        <Btn className='btn btn--small' id='btn-audit-refresh' onClick={() => loadAudit(appealId)}>
          刷新
        </Btn>
      </View>
      {audit.length === 0 ? <Text className='muted'>暂无记录</Text> : null}
      {audit.map((a) => (
        <Text className='rv__line' key={a.id}>
          {formatDateTime(a.at)} · {a.actorName ?? a.actorId ?? a.actorType} · {AUDIT_TEXT[a.action] ?? a.action}
        </Text>
      ))}
    </View>
  )
}
