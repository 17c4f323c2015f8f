import { Text, View } from '@tarojs/components'
// h5: native buttons (A11y.tsx); WeChat: Taro's Button
import { Btn as Button } from '../../../components/A11y'
import PageNav from '../../../components/PageNav'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { maskName } from '../../../domain/masking'
import { STATUS_LABELS, correctionLabel, receiptValid } from '../../../domain/stages'
import { formatDateTime, fromNow } from '../../../domain/time'
import Loading from '../../../components/Loading'
import ErrorState from '../../../components/ErrorState'
import { verifyUrl } from '../../../services/config'
import { useMyAppeals } from '../../../stores/appeals'
import { usePageClass } from '../../../stores/prefs'
import QrCode from '../../components/QrCode'
import './index.scss'

export default function Receipt() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const receipt = useMyAppeals((s) => (s.receipt?.appealId === id ? s.receipt : null))
  const receiptError = useMyAppeals((s) => s.receiptError)
  const appeal = useMyAppeals((s) => (s.currentId === id ? s.current : null))
  const loadReceipt = useMyAppeals((s) => s.loadReceipt)
  const loadAppeal = useMyAppeals((s) => s.loadAppeal)
  const pageClass = usePageClass('receipt')

  useEffect(() => {
    if (!id) return
    void loadReceipt(id)
    // always a fresh read: the stage shown here (and whether the receipt still holds) changes after approval
    void loadAppeal(id, { quiet: true })
    Taro.setScreenBrightness?.({ value: 1 }).catch(() => undefined)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  // the popup is confirmed cleared: the receipt has done its job and closes (the server refuses it too)
  if (appeal && !receiptValid(appeal.status, appeal.correction)) {
    const cleared = appeal.correction?.status === 'cleared' ? appeal.correction.clearedAt ?? null : null
    return (
      <View className={pageClass}>
        <View className='receipt__card' id='receipt-closed'>
          <Text className='receipt__who'>{appeal.correction?.status === 'cleared' ? '弹窗已解除，凭证已失效' : '申诉已办结，凭证已失效'}</Text>
          <Text className='receipt__status'>
            申诉状态：{correctionLabel(appeal.status, appeal.correction) ?? STATUS_LABELS[appeal.status]} · 查询码 {appeal.trackingNo}
          </Text>
          {cleared ? (
            <Text className='muted'>
              健康宝运营方于 {formatDateTime(cleared)}（{fromNow(cleared)}）确认解除。如健康宝仍显示弹窗，请回到申诉进度页反馈「弹窗还在」。
            </Text>
          ) : null}
        </View>
        <Button className='btn' id='btn-receipt-back' onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(id)}` }))}>
          返回申诉进度
        </Button>
      </View>
    )
  }
  if (!receipt) {
    return (
      <View className={pageClass}>
        {receiptError ? <ErrorState message={receiptError} onRetry={() => loadReceipt(id)} /> : <Loading text='正在生成凭证…' />}
      </View>
    )
  }
  const url = verifyUrl(receipt.verifyPath)
  return (
    <View className={pageClass}>
      <PageNav title='检测凭证' backTo={`/pages/appeal/detail?id=${encodeURIComponent(id)}`} />
      <View className='receipt__card'>
        <Text className='receipt__rule' id='receipt-rule'>
          检测点不得拒绝弹窗人员检测
        </Text>
        <Text className='receipt__who' id='receipt-name'>
          申诉人：{appeal ? maskName(appeal.applicant.name) : '…'}
        </Text>
        {appeal ? (
          <Text className='receipt__status'>
            申诉状态：{correctionLabel(appeal.status, appeal.correction) ?? STATUS_LABELS[appeal.status]}
            {appeal.status === 'approved' ? '（弹窗确认解除前凭证有效）' : '（正在办理）'} · 查询码 {appeal.trackingNo}
          </Text>
        ) : null}
        <View className='receipt__qr'>
          <QrCode text={url} id='receipt-qr' />
        </View>
        <Text className='receipt__hint'>请检测点工作人员扫码核验。此人正在申诉健康宝弹窗，请为其检测。</Text>
        <Text className='muted'>凭证生成于 {formatDateTime(receipt.issuedAt)}</Text>
      </View>
      <Button
        className='btn'
        id='btn-receipt-refresh'
        onClick={() => {
          void loadReceipt(id)
          void loadAppeal(id, { quiet: true })
        }}
      >
        刷新凭证
      </Button>
    </View>
  )
}
