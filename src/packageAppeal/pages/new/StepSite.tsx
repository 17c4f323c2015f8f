import { Picker, Text, View } from '@tarojs/components'
import { NEED_BY_REASONS } from '../../../../types/appeal'
import { Btn, Tap } from '../../../components/A11y'
import { NEED_BY_LABELS } from '../../../domain/needby'
import { useDraft } from '../../../stores/draft'

/** Step 3: turned away at a test site? and a date by which the popup must be gone (optional). */
export default function StepSite({ today, evidenceHints }: { today: string; evidenceHints: JSX.Element[] | null }) {
  const d = useDraft()
  const { blockedFromTesting, needByDate, needByReason, serverErrors } = d
  return (
    <View id='step-2'>
      <View className='card'>
        <Text className='card__title' id='blocked-question'>
          您是否被核酸检测点拒绝检测？
        </Text>
        <Text className='muted'>检测点不得拒绝弹窗人员检测。如被拒绝，核酸截图可以不传，只交弹窗截图，工作人员会优先处理。</Text>
        <View role='radiogroup' aria-labelledby='blocked-question'>
          {[
            { v: false, label: '没有，我能正常做核酸', id: 'blocked-no' },
            { v: true, label: '是，检测点因弹窗拒绝为我检测', id: 'blocked-yes' }
          ].map((o) => (
            <Tap
              key={o.id}
              id={o.id}
              role='radio'
              checked={blockedFromTesting === o.v}
              className={`choice ${blockedFromTesting === o.v ? 'choice--checked' : ''}`}
              onClick={() => d.setField('blockedFromTesting', o.v)}
            >
              <Text className='choice__mark' aria-hidden='true'>
                {blockedFromTesting === o.v ? '◉' : '○'}
              </Text>
              <Text className='choice__title'>{o.label}</Text>
            </Tap>
          ))}
        </View>
        {!blockedFromTesting ? evidenceHints : null}
      </View>

      <View className='card'>
        <Text className='card__title'>需要在某天前解除弹窗吗？（选填）</Text>
        <Text className='muted'>例如要乘车、乘机、考试、就医或上班。临近日期的申诉会优先审核。</Text>
        <Picker id='needby-picker' mode='date' value={needByDate ?? today} start={today} onChange={(e) => d.setField('needByDate', String(e.detail.value))}>
          <Tap className='picker-box' label={`需要解除弹窗的日期：${needByDate ?? '选择日期（不需要可不填）'}`}>
            <Text className={needByDate ? 'nowrap' : 'muted'}>{needByDate ?? '选择日期（不需要可不填）'}</Text>
            <Text className='muted' aria-hidden='true'>
              ›
            </Text>
          </Tap>
        </Picker>
        {needByDate ? (
          <>
            <View className='appeal-new__reasons' role='radiogroup' aria-label='原因'>
              {NEED_BY_REASONS.map((r) => (
                <Tap key={r} id={`needby-${r}`} role='radio' checked={needByReason === r} className={`chip ${needByReason === r ? 'chip--on' : ''}`} onClick={() => d.setField('needByReason', r)}>
                  <Text>
                    {needByReason === r ? '✓ ' : ''}
                    {NEED_BY_LABELS[r]}
                  </Text>
                </Tap>
              ))}
            </View>
            <Btn
              className='btn btn--small'
              id='needby-clear'
              onClick={() => {
                d.setField('needByDate', null)
                d.setField('needByReason', null)
              }}
            >
              不需要
            </Btn>
          </>
        ) : null}
        {serverErrors.needBy ? (
          <View className='error-text' role='alert'>
            {serverErrors.needBy}
          </View>
        ) : null}
      </View>
    </View>
  )
}
