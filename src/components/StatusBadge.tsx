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

/**
 * The status in words (an icon and colour only reinforce it). `label` overrides the words where a finer
 * stage applies (an approved appeal's correction: 已转健康宝 / 弹窗已解除 / 未能解除).
 */
export default function StatusBadge({ status, id, label, look }: { status: AppealStatus; id?: string; label?: string; look?: AppealStatus }) {
  const words = label ?? STATUS_LABELS[status]
  // `look`: the colour and icon of another status, so 未能解除 does not wear the ✓ of 已通过
  const shown = look ?? status
  return (
    <Text className={`status-badge status-badge--${shown}`} aria-label={`状态：${words}`}>
      <Text className='status-badge__icon' aria-hidden>
        {ICONS[shown]}
      </Text>
      <Text id={id}>{words}</Text>
    </Text>
  )
}
