import { Text } from '@tarojs/components'
import type { AppealStatus } from '../../types/appeal'
import { STATUS_LABELS } from '../domain/stages'
import './StatusBadge.scss'

const ICONS: Record<AppealStatus, string> = {
  queued: '○',
  in_review: '●',
  needs_info: '！',
  approved: '✓',
  rejected: '✗',
  withdrawn: '－'
}

/** The status in words (an icon and colour only reinforce it). */
export default function StatusBadge({ status, id }: { status: AppealStatus; id?: string }) {
  return (
    <Text className={`status-badge status-badge--${status}`} aria-label={`状态：${STATUS_LABELS[status]}`}>
      <Text className='status-badge__icon' aria-hidden>
        {ICONS[status]}
      </Text>
      <Text id={id}>{STATUS_LABELS[status]}</Text>
    </Text>
  )
}
