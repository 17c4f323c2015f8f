import { Picker, Text, View } from '@tarojs/components'
import { CATEGORIES } from '../../../../types/appeal'
import { Btn, Tap } from '../../../components/A11y'
import { categoryInfo } from '../../../domain/categories'
import { usePolicy } from '../../../services/policy'
import { useDraft } from '../../../stores/draft'

/** Step 1: which popup, and (optionally) the day it appeared or the medicine was bought. */
export default function StepSituation({ today, earliest }: { today: string; earliest: string }) {
  const category = useDraft((s) => s.category)
  const triggerDate = useDraft((s) => s.triggerDate)
  const error = useDraft((s) => s.serverErrors.category)
  const setField = useDraft((s) => s.setField)
  // the medicine window is the served evidence age limit
  const infos = categoryInfo(usePolicy())
  return (
    <View className='card' id='step-0'>
      <Text className='card__title' id='category-question'>
        您是因为哪种情况被弹窗？
      </Text>
      <View role='radiogroup' aria-labelledby='category-question'>
        {CATEGORIES.map((c) => {
          const info = infos[c]
          const checked = category === c
          return (
            <Tap key={c} id={`category-${c}`} role='radio' checked={checked} className={`choice ${checked ? 'choice--checked' : ''}`} onClick={() => setField('category', c)}>
              <Text className='choice__mark' aria-hidden='true'>
                {checked ? '◉' : '○'}
              </Text>
              <View className='choice__body'>
                <Text className='choice__title'>{info.title}</Text>
                <Text className='choice__text'>{info.situation}</Text>
              </View>
            </Tap>
          )
        })}
      </View>
      {category ? <Text className='muted'>解除办法：{infos[category].clears}</Text> : null}
      {error ? (
        <View className='error-text' role='alert'>
          {error}
        </View>
      ) : null}

      <View className='field appeal-new__trigger'>
        <Text className='field__label' id='trigger-label'>
          {category === 'medicine' ? '购药日期（选填）' : '弹窗出现的日期（选填）'}
        </Text>
        <Picker id='trigger-picker' mode='date' value={triggerDate ?? today} start={earliest} end={today} onChange={(e) => setField('triggerDate', String(e.detail.value))}>
          <Tap className='picker-box' label={`${category === 'medicine' ? '购药日期' : '弹窗出现的日期'}：${triggerDate ?? '选择日期'}`}>
            <Text className={triggerDate ? 'nowrap' : 'muted'}>{triggerDate ?? '选择日期'}</Text>
            <Text className='muted' aria-hidden='true'>
              ›
            </Text>
          </Tap>
        </Picker>
        {triggerDate ? (
          <Btn className='btn btn--small' id='trigger-clear' onClick={() => setField('triggerDate', null)}>
            清除日期
          </Btn>
        ) : null}
      </View>
    </View>
  )
}
