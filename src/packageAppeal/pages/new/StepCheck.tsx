import { Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import { Btn, Picture, Tap } from '../../../components/A11y'
import Loading from '../../../components/Loading'
import { CATEGORY_INFO } from '../../../domain/categories'
import { maskIdNumber, maskPhone } from '../../../domain/masking'
import { NEED_BY_LABELS } from '../../../domain/needby'
import { POPUP_SLOT, useDraft } from '../../../stores/draft'
import ReadingWarnings from '../../components/ReadingWarnings'
import PositiveConfirm, { usePositiveRead } from '../../components/PositiveConfirm'
import { previewOf } from './shared'

function Row({ k, step, children }: { k: string; step: number; children: ReactNode }) {
  const goStep = useDraft((s) => s.goStep)
  return (
    <View className='review-row'>
      <Text className='review-row__key'>{k}</Text>
      <View className='review-row__value'>{children}</View>
      <Tap className='review-row__edit' label={`修改${k}`} onClick={() => goStep(step)}>
        <Text>修改</Text>
      </Tap>
    </View>
  )
}

/** Step 5: everything as it will be sent — full times, the screenshots and the statement — with 修改 links. */
export default function StepCheck({ reason, onSubmit, preview }: { reason: string | null; onSubmit: () => void; preview: (url: string | null) => void }) {
  const d = useDraft()
  const { category, triggerDate, popupShot, negatives, uploads, blockedFromTesting, needByDate, needByReason, district, name, idNumber, phone, statement, submitting } = d
  const popupUrl = previewOf(popupShot, uploads[POPUP_SLOT])
  const tests = negatives.filter((n) => n.shot)
  // a screenshot read as not 阴性 asks for one tap before submit (see PositiveConfirm)
  const positive = usePositiveRead()
  const [confirmed, setConfirmed] = useState(false)
  const held = Boolean(reason) || submitting || (positive && !confirmed)
  return (
    <View className='card' id='step-4'>
      <Text className='card__title'>请核对后提交</Text>
      <Row k='弹窗情形' step={0}>
        <Text>{category ? CATEGORY_INFO[category].title : '未选择'}</Text>
      </Row>
      <Row k={category === 'medicine' ? '购药日期' : '弹窗日期'} step={0}>
        <Text className='nowrap'>{triggerDate ?? '未填'}</Text>
      </Row>
      <Row k='弹窗截图' step={1}>
        {popupUrl ? <Picture className='review-row__thumb' src={popupUrl} alt='健康宝弹窗截图' onClick={() => preview(popupUrl)} /> : <Text>未上传</Text>}
      </Row>
      <Row k='核酸截图' step={1}>
        {tests.length === 0 ? <Text>未上传</Text> : null}
        {tests.map((n, i) => {
          const url = previewOf(n.shot, uploads[n.key])
          return (
            <View className='review-row__test' key={n.key} id={`check-test-${i}`}>
              {url ? <Picture className='review-row__thumb' src={url} alt={`第 ${i + 1} 次核酸截图`} onClick={() => preview(url)} /> : null}
              <Text className='nowrap review-row__time'>
                第 {i + 1} 次：{n.date} {n.time}
              </Text>
            </View>
          )
        })}
      </Row>
      <Row k='检测点拒绝检测' step={2}>
        <Text>{blockedFromTesting ? '是' : '否'}</Text>
      </Row>
      <Row k='需解除日期' step={2}>
        <Text className='nowrap'>{needByDate ? `${needByDate} ${needByReason ? NEED_BY_LABELS[needByReason] : ''}` : '无'}</Text>
      </Row>
      <Row k='所在区' step={3}>
        <Text>{district ?? '未选择'}</Text>
      </Row>
      <Row k='姓名' step={3}>
        <Text>{name || '未填'}</Text>
      </Row>
      <Row k='身份证号' step={3}>
        <Text className='nowrap'>{idNumber ? maskIdNumber(idNumber) : '未填'}</Text>
      </Row>
      <Row k='手机号' step={3}>
        <Text className='nowrap'>{phone ? maskPhone(phone) : '未填'}</Text>
      </Row>
      <Row k='情况说明' step={3}>
        <Text id='check-statement' className='review-row__statement'>
          {statement.trim() || '未填'}
        </Text>
      </Row>
      <ReadingWarnings where='check' />
      {positive ? <PositiveConfirm confirmed={confirmed} onToggle={() => setConfirmed(!confirmed)} /> : null}
      <View aria-live='polite'>
        {submitting ? <Loading text='正在提交，请稍候…' /> : null}
        {!submitting && reason ? (
          <Text className='appeal-new__reason' id='submit-reason'>
            还不能提交：{reason}
          </Text>
        ) : null}
      </View>
      <Btn className={`btn btn--primary${held ? ' btn--disabled' : ''}`} id='btn-submit' disabled={held} onClick={onSubmit}>
        {submitting ? '正在提交…' : '提交申诉'}
      </Btn>
    </View>
  )
}
