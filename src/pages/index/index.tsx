import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Category } from '../../../types/appeal'
import { CATEGORIES } from '../../../types/appeal'
import { CATEGORY_INFO, POPUP_CATEGORIES } from '../../domain/categories'
import { TESTS_LABELS, asksMidnight, selfCheck, type SelfCheckResult, type TestsDone } from '../../domain/selfcheck'
import { Btn, Tap } from '../../components/A11y'
import BigTextSwitch from '../../components/BigTextSwitch'
import { go } from '../../services/nav'
import { useCitizenSession } from '../../stores/session'
import { useDraft } from '../../stores/draft'
import { usePageClass } from '../../stores/prefs'
import { usePolicy } from '../../services/policy'
import './index.scss'

const TESTS: TestsDone[] = ['none', 'one', 'two_apart', 'refused']

/** A large answer card: a radio with its state in a mark and in words, not in colour alone. */
function Option({ id, checked, label, onClick }: { id: string; checked: boolean; label: string; onClick: () => void }) {
  return (
    <Tap id={id} role='radio' checked={checked} className={`check-card ${checked ? 'check-card--on' : ''}`} onClick={onClick}>
      <Text className='check-card__mark' aria-hidden='true'>
        {checked ? '◉' : '○'}
      </Text>
      <Text className='check-card__title'>{label}</Text>
    </Tap>
  )
}

/** One recommendation: 建议：现在申诉 / 建议：先等待, then why — the headline without repeating the advice. */
function reasonOf(r: SelfCheckResult): string {
  return r.headline.replace(/^(可以现在申诉|先等一等)：?/, '')
}

export default function Index() {
  const ensure = useCitizenSession((s) => s.ensure)
  const pageClass = usePageClass('home')
  // the first screen: asks the server for its policy once per start (the advice names its limits)
  const policy = usePolicy()
  const [category, setCategory] = useState<Category | null>(null)
  const [tests, setTests] = useState<TestsDone | null>(null)
  const [midnight, setMidnight] = useState<boolean | null>(null)
  useEffect(() => {
    // warm up the session so the first upload does not wait for it
    void ensure()
  }, [ensure])

  const needMidnight = category && tests ? asksMidnight(category, tests) : false
  const result = category && tests && (!needMidnight || midnight !== null) ? selfCheck({ category, tests, pastMidnight: Boolean(midnight) }, policy) : null

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
        <View className='home__title' role='heading' aria-level={1}>
          健康宝弹窗纠错
        </View>
        <Text className='home__subtitle'>核酸已阴性，弹窗仍未解除？先点下面的选项自查，再决定等待还是申诉。</Text>
      </View>

      <View className='card home__check' id='self-check'>
        <Text className='card__title' id='check-q1'>
          自查 1：您是因为哪种情况被弹窗？
        </Text>
        <View role='radiogroup' aria-labelledby='check-q1' className='check-cards'>
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
            <Text className='card__title home__q' id='check-q2'>
              自查 2：弹窗后做过核酸吗？
            </Text>
            <View role='radiogroup' aria-labelledby='check-q2'>
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
            <Text className='card__title home__q' id='check-q3'>
              自查 3：阴性结果出来后，已经过了零点吗？
            </Text>
            <View role='radiogroup' aria-labelledby='check-q3'>
              <Option id='check-midnight-yes' checked={midnight === true} label='已经过了零点，弹窗还在' onClick={() => setMidnight(true)} />
              <Option id='check-midnight-no' checked={midnight === false} label='还没过零点' onClick={() => setMidnight(false)} />
            </View>
          </>
        ) : null}
        <View aria-live='polite'>
          {result ? (
            <View className={`home__result home__result--${result.advice}`} id='self-check-result'>
              <Text className='home__result-title'>{result.advice === 'appeal' ? '✓ 建议：现在申诉' : '⏸ 建议：先等待'}</Text>
              {reasonOf(result) ? <Text className='home__text home__result-why'>{reasonOf(result)}</Text> : null}
              <Text className='home__label'>解除办法</Text>
              <Text className='home__text'>{result.clears}</Text>
              {result.steps.map((s, i) => (
                <Text className='home__text' key={s}>
                  {i + 1}. {s}
                </Text>
              ))}
              {result.advice === 'appeal' ? (
                <Btn className='btn btn--primary' id='btn-check-appeal' onClick={appealWith}>
                  按此情形去申诉
                </Btn>
              ) : null}
            </View>
          ) : null}
        </View>
      </View>

      <View className='home__actions'>
        <Btn className='btn btn--primary home__big' id='btn-new-appeal' onClick={() => go('/packageAppeal/pages/new/index')}>
          我要申诉
        </Btn>
        <Btn className='btn home__big' id='btn-my-appeals' onClick={() => go('/pages/appeals/index')}>
          我的申诉（查看进度）
        </Btn>
      </View>

      <BigTextSwitch />

      <View className='card home__notice'>
        <Text className='home__notice-title'>请注意</Text>
        <Text>核酸检测点不得拒绝弹窗人员检测。如被拒绝，请出示本页或拨打 12345 反映。</Text>
      </View>

      <View className='home__section' role='heading' aria-level={2}>
        三种弹窗情形及解除办法
      </View>
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

      <Tap role='link' className='link' id='link-privacy' onClick={() => go('/packageAppeal/pages/privacy/index')}>
        <Text>个人信息处理说明</Text>
      </Tap>
      <Tap role='link' className='link' id='link-reviewer' onClick={() => go('/reviewer/pages/login/index')}>
        <Text>审核员入口</Text>
      </Tap>
    </View>
  )
}
