// The appeal form in five steps; each step is its own component in this folder.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Btn } from '../../../components/A11y'
import ConsentSheet from '../../../components/ConsentSheet'
import PageNav from '../../../components/PageNav'
import StepIndicator from '../../../components/StepIndicator'
import { isoToShanghaiParts } from '../../../domain/time'
import { previewImages } from '../../../services/media'
import { go } from '../../../services/nav'
import { requireWechatPrivacy } from '../../../services/privacy'
import { LAST_STEP, STEPS, blockingReason, draftEvidenceProblems, stepBlocking, useDraft } from '../../../stores/draft'
import { usePolicy } from '../../../services/policy'
import { useMyAppeals } from '../../../stores/appeals'
import { useConsented, usePageClass, usePrefs } from '../../../stores/prefs'
import { useDraftReadings } from '../../reading/useDraftReadings'
import Queued from './Queued'
import StepApplicant from './StepApplicant'
import StepCheck from './StepCheck'
import StepShots from './StepShots'
import StepSite from './StepSite'
import StepSituation from './StepSituation'
import './index.scss'

function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(t)
  }, [intervalMs])
  return now
}

export default function NewAppeal() {
  const d = useDraft()
  // the served limits: the hints and blockers change when the policy arrives
  const policy = usePolicy()
  const { category, negatives, triggerDate, serverErrors, step } = d
  const remember = useMyAppeals((s) => s.remember)
  const consented = useConsented()
  const giveConsent = usePrefs((s) => s.giveConsent)
  const pageClass = usePageClass('appeal-new')
  const [consentFor, setConsentFor] = useState<string | null>(null)
  const [queuedKey, setQueuedKey] = useState<string | null>(null)
  const [stepHint, setStepHint] = useState<string | null>(null)

  const now = useNow()
  // every uploaded screenshot is read on the server; the form polls until it is (help, never a gate)
  useDraftReadings()
  const today = isoToShanghaiParts(now.toISOString()).date
  const earliest = isoToShanghaiParts(new Date(now.getTime() - 30 * 86400_000).toISOString()).date
  const problems = draftEvidenceProblems({ category, negatives, triggerDate }, now, policy)
  const reason = blockingReason(d, now)
  const stepReason = step < LAST_STEP ? stepBlocking(step, d, now, policy) : reason
  const anyShot = negatives.some((n) => n.shot)

  // a server error sends the citizen back to the step that holds the field
  useEffect(() => {
    const fieldStep: Record<string, number> = { category: 0, popup: 1, negatives: 1, needBy: 2, district: 3, name: 3, idNumber: 3, phone: 3, statement: 3 }
    const first = Object.keys(serverErrors).find((k) => k in fieldStep)
    if (first) d.goStep(fieldStep[first])
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors])

  if (queuedKey) return <Queued queuedKey={queuedKey} />

  const pick = (slot: string) => {
    if (!consented) {
      setConsentFor(slot)
      return
    }
    void d.pickAndUpload(slot)
  }
  const agree = async () => {
    const slot = consentFor
    setConsentFor(null)
    if (!(await requireWechatPrivacy())) return
    giveConsent()
    if (slot) void d.pickAndUpload(slot)
  }

  const onNext = () => {
    const missing = d.nextStep()
    setStepHint(missing)
    if (!missing) Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }
  const onBack = () => {
    setStepHint(null)
    d.goStep(step - 1)
  }

  const onSubmit = async () => {
    const r = await d.submit()
    if (r?.kind === 'sent') {
      remember(r.appeal)
      Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(r.appeal.id)}` })
    } else if (r?.kind === 'queued') {
      setQueuedKey(r.key)
    } else {
      Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    }
  }

  const preview = (url: string | null) => {
    if (url) previewImages([url], url)
  }

  const evidenceHints =
    (anyShot || category) && step >= 1
      ? problems.map((p) => (
          <Text className='hint-text' key={p.rule} id={`evidence-${p.rule}`}>
            ⚠ {p.message}
          </Text>
        ))
      : null

  return (
    <View className={pageClass}>
      <PageNav title='我要申诉' />
      <StepIndicator steps={STEPS} current={step} onGo={(i) => d.goStep(i)} />

      {serverErrors.form ? (
        <View className='card appeal-new__banner' role='alert'>
          <Text className='error-text'>{serverErrors.form}</Text>
          <Text className='muted'>已填写的内容都已保留，请稍后再点「提交申诉」。</Text>
        </View>
      ) : null}

      {step === 0 ? <StepSituation today={today} earliest={earliest} /> : null}
      {step === 1 ? <StepShots now={now} today={today} earliest={earliest} evidenceHints={evidenceHints} pick={pick} preview={preview} /> : null}
      {step === 2 ? <StepSite today={today} evidenceHints={evidenceHints} /> : null}
      {step === 3 ? <StepApplicant /> : null}
      {step === LAST_STEP ? <StepCheck reason={reason} onSubmit={() => void onSubmit()} preview={preview} /> : null}

      <View className='appeal-new__nav'>
        <View aria-live='polite'>
          {step < LAST_STEP && (stepHint || stepReason) ? (
            <Text className='appeal-new__reason' id='step-reason'>
              {stepHint ? '还不能下一步：' : '完成本步后可继续：'}
              {stepReason ?? stepHint}
            </Text>
          ) : null}
        </View>
        {step < LAST_STEP ? (
          <Btn className={`btn btn--primary${stepReason ? ' btn--disabled' : ''}`} id='btn-step-next' onClick={onNext}>
            下一步
          </Btn>
        ) : null}
        {step > 0 ? (
          <Btn className='btn' id='btn-step-back' onClick={onBack}>
            上一步
          </Btn>
        ) : null}
        <Text className='muted appeal-new__saved'>填写内容会自动保存在本机，退出后再进入可继续填写。没有时间限制，可以慢慢填。</Text>
      </View>

      {consentFor ? <ConsentSheet onAgree={() => void agree()} onDecline={() => setConsentFor(null)} onReadMore={() => go('/packageAppeal/pages/privacy/index')} /> : null}
    </View>
  )
}
