// The head card of the appeal page: tracking number (tap to copy), status, place in the queue, due time,
// a reopened note, and the testing-receipt offer while the receipt is valid.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Appeal } from '../../../types/appeal'
import { CATEGORY_INFO } from '../../domain/categories'
import { formatDateTime, fromNow } from '../../domain/time'
import { dueText, queueText } from '../../domain/followup'
import { receiptValid, reopenedAt } from '../../domain/stages'
import StatusBadge from '../../components/StatusBadge'
import { Btn as Button } from '../../components/A11y'
import { go } from '../../services/nav'

export default function DetailHead({ appeal, closed }: { appeal: Appeal; closed: boolean }) {
  const queue = appeal.status === 'queued' ? queueText(appeal.queue) : null
  const receipt = receiptValid(appeal.status, appeal.correction)
  const reopened = reopenedAt(appeal.timeline ?? [], appeal.status)
  return (
    <View className='card'>
      <View className='detail__head'>
        <View>
          <Text className='muted'>查询码</Text>
          <Text className='detail__tracking' id='tracking-no' onClick={() => Taro.setClipboardData({ data: appeal.trackingNo }).catch(() => undefined)}>
            {appeal.trackingNo}
          </Text>
        </View>
        <StatusBadge status={appeal.status} id='appeal-status' />
      </View>
      <Text className='detail__meta'>
        {CATEGORY_INFO[appeal.category]?.title ?? appeal.category} · {appeal.district}
      </Text>
      <Text className='detail__meta muted'>
        提交于 {formatDateTime(appeal.createdAt)}（{fromNow(appeal.createdAt)}）
      </Text>
      {queue ? (
        <View className='detail__queue' id='queue-position' role='status'>
          <Text className='detail__queue-main'>{queue.position}</Text>
          <Text>{queue.eta}</Text>
        </View>
      ) : null}
      {!closed && appeal.dueAt ? (
        <Text className={appeal.overdue ? 'hint-text' : 'detail__meta'} id='due-at'>
          {appeal.overdue ? '⚠ ' : ''}
          {dueText(appeal)}
        </Text>
      ) : null}
      {reopened ? (
        <Text className='hint-text' id='reopened'>
          您于 {formatDateTime(reopened)} 反馈弹窗还在，申诉已回到队首重新审核；通过后会再次转交健康宝运营方。
        </Text>
      ) : null}
      {/* the receipt offer only while a receipt exists: it ends once the popup is confirmed cleared */}
      {receipt ? (
        <>
          <Button className='btn btn--primary' id='btn-receipt' onClick={() => go(`/packageAppeal/pages/receipt/index?id=${encodeURIComponent(appeal.id)}`)}>
            出示检测凭证（二维码）
          </Button>
          <Text className='muted'>
            被弹窗期间，核酸检测点不得拒绝为您检测；{appeal.status === 'approved' ? '弹窗确认解除前' : ''}可向检测点出示凭证二维码。
          </Text>
        </>
      ) : appeal.correction?.status === 'cleared' ? (
        <Text className='muted' id='receipt-closed'>
          弹窗已确认解除，检测凭证已失效。
        </Text>
      ) : null}
    </View>
  )
}
