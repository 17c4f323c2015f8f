import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Category } from '../../../types/appeal'
import { CATEGORIES } from '../../../types/appeal'
import { CATEGORY_INFO, POPUP_CATEGORIES } from '../../domain/categories'
import { TESTS_LABELS, asksMidnight, selfCheck, type TestsDone } from '../../domain/selfcheck'
import BigTextSwitch from '../../components/BigTextSwitch'
import { go } from '../../services/nav'
import { useCitizenSession } from '../../stores/session'
import { useDraft } from '../../stores/draft'
import { usePageClass } from '../../stores/prefs'
import './index.scss'

const TESTS: TestsDone[] = ['none', 'one', 'two_apart', 'refused']

function Option({ id, checked, label, onClick }: { id: string; checked: boolean; label: string; onClick: () => void }) {
  return (
    <View id={id} role='radio' aria-checked={checked} className={`choice ${checked ? 'choice--checked' : ''}`} onClick={onClick}>
      <Text className='choice__mark'>{checked ? '◉' : '○'}</Text>
      <Text className='choice__title'>{label}</Text>
    </View>
  )
}

export default function Index() {
  const ensure = useCitizenSession((s) => s.ensure)
  const pageClass = usePageClass('home')
  const [category, setCategory] = useState<Category | null>(null)
  const [tests, setTests] = useState<TestsDone | null>(null)
  const [midnight, setMidnight] = useState<boolean | null>(null)
  useEffect(() => {
    // warm up the session so the first upload does not wait for it
    void ensure()
  }, [ensure])

  const needMidnight = category && tests ? asksMidnight(category, tests) : false
  const result = category && tests && (!needMidnight || midnight !== null) ? selfCheck({ category, tests, pastMidnight: Boolean(midnight) }) : null

  const appealWith = () => {
    const d = useDraft.getState()
    if (result && !d.category) {
      d.setField('category', result.category)
      if (tests === 'refused') d.setField('blockedFromTesting', true)
    }
    go('/packageAppeal/pages/new/index')
  }

  return (
    <View className={pageClass}>
      <View className='home__hero'>
        <Text className='home__title'>健康宝弹窗纠错</Text>
        <Text className='home__subtitle'>已做核酸且结果阴性，弹窗仍未解除？先花半分钟自查，再决定是等待还是申诉。</Text>
      </View>

      <View className='home__actions'>
        <Button className='btn btn--primary home__big' id='btn-new-appeal' onClick={() => go('/packageAppeal/pages/new/index')}>
          我要申诉
        </Button>
        <Button className='btn home__big' id='btn-my-appeals' onClick={() => go('/pages/appeals/index')}>
          我的申诉（查看进度）
        </Button>
      </View>

      <BigTextSwitch />

      <View className='card home__notice'>
        <Text className='home__notice-title'>请注意</Text>
        <Text>核酸检测点不得拒绝弹窗人员检测。如被拒绝，请出示本页或拨打 12345 反映。</Text>
      </View>

      <View className='card' id='self-check'>
        <Text className='card__title'>自查：我该等待还是申诉？</Text>
        <Text className='home__label'>1. 您是因为哪种情况被弹窗？</Text>
        <View role='radiogroup'>
          {CATEGORIES.map((c) => (
            <Option
              key={c}
              id={`check-${c}`}
              checked={category === c}
              label={CATEGORY_INFO[c].title}
              onClick={() => {
                setCategory(c)
                setMidnight(null)
              }}
            />
          ))}
        </View>
        {category ? (
          <>
            <Text className='home__text muted'>{CATEGORY_INFO[category].situation}</Text>
            <Text className='home__label'>2. 弹窗后做过核酸吗？</Text>
            <View role='radiogroup'>
              {TESTS.map((t) => (
                <Option
                  key={t}
                  id={`check-tests-${t}`}
                  checked={tests === t}
                  label={TESTS_LABELS[t]}
                  onClick={() => {
                    setTests(t)
                    setMidnight(null)
                  }}
                />
              ))}
            </View>
          </>
        ) : null}
        {needMidnight ? (
          <>
            <Text className='home__label'>3. 阴性结果出来后，已经过了零点吗？</Text>
            <View role='radiogroup'>
              <Option id='check-midnight-yes' checked={midnight === true} label='已经过了零点，弹窗还在' onClick={() => setMidnight(true)} />
              <Option id='check-midnight-no' checked={midnight === false} label='还没过零点' onClick={() => setMidnight(false)} />
            </View>
          </>
        ) : null}
        {result ? (
          <View className={`home__result home__result--${result.advice}`} id='self-check-result' role='status'>
            <Text className='home__result-tag'>{result.advice === 'appeal' ? '建议：现在申诉' : '建议：先等待'}</Text>
            <Text className='home__result-title'>{result.headline}</Text>
            <Text className='home__label'>解除办法</Text>
            <Text className='home__text'>{result.clears}</Text>
            {result.steps.map((s, i) => (
              <Text className='home__text' key={s}>
                {i + 1}. {s}
              </Text>
            ))}
            {result.advice === 'appeal' ? (
              <Button className='btn btn--primary' id='btn-check-appeal' onClick={appealWith}>
                按此情形去申诉
              </Button>
            ) : null}
          </View>
        ) : null}
      </View>

      <Text className='home__section'>三种弹窗情形及解除办法</Text>
      {POPUP_CATEGORIES.map((code) => {
        const info = CATEGORY_INFO[code]
        return (
          <View className='card' key={code}>
            <Text className='card__title'>{info.title}</Text>
            <Text className='home__label'>情形</Text>
            <Text className='home__text'>{info.situation}</Text>
            <Text className='home__label'>解除办法</Text>
            <Text className='home__text'>{info.clears}</Text>
          </View>
        )
      })}

      <View className='link' id='link-privacy' onClick={() => go('/packageAppeal/pages/privacy/index')}>
        <Text>个人信息处理说明</Text>
      </View>
      <View className='link' id='link-reviewer' onClick={() => go('/reviewer/pages/login/index')}>
        <Text>审核员入口</Text>
      </View>
    </View>
  )
}
