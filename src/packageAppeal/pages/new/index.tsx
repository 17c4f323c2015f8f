import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CATEGORIES, NEED_BY_REASONS } from '../../../../types/appeal'
import { CATEGORY_INFO } from '../../../domain/categories'
import { DISTRICTS } from '../../../domain/districts'
import { testsRequired } from '../../../domain/evidence'
import { maskIdNumber, maskPhone } from '../../../domain/masking'
import { NEED_BY_LABELS } from '../../../domain/needby'
import { isoToShanghaiParts } from '../../../domain/time'
import ScreenshotPicker from '../../../components/ScreenshotPicker'
import StepIndicator from '../../../components/StepIndicator'
import ConsentSheet from '../../../components/ConsentSheet'
import Loading from '../../../components/Loading'
import { citizenFileUrl } from '../../../services/session'
import { previewImages } from '../../../services/media'
import { go } from '../../../services/nav'
import { requireWechatPrivacy } from '../../../services/privacy'
import {
  LAST_STEP,
  MAX_NEGATIVES,
  MAX_STATEMENT,
  POPUP_SLOT,
  STEPS,
  blockingReason,
  draftEvidenceProblems,
  fieldHints,
  stepBlocking,
  useDraft,
  type UploadState
} from '../../../stores/draft'
import { useMyAppeals } from '../../../stores/appeals'
import { useOutbox } from '../../../stores/outbox'
import { useConsented, usePageClass, usePrefs } from '../../../stores/prefs'
import './index.scss'

function previewOf(shot: string | null, upload?: UploadState): string | null {
  if (upload?.localPath) return upload.localPath
  return shot ? citizenFileUrl(shot) : null
}

function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(t)
  }, [intervalMs])
  return now
}

function Queued({ queuedKey }: { queuedKey: string }) {
  const sent = useOutbox((s) => s.sent[queuedKey])
  const waiting = useOutbox((s) => s.items.find((i) => i.key === queuedKey))
  const pageClass = usePageClass('appeal-new')
  return (
    <View className={pageClass}>
      <View className='card appeal-new__queued' id='outbox-notice' role='status'>
        {sent ? (
          <>
            <Text className='card__title'>✓ 已提交成功</Text>
            <Text>查询码：{sent.trackingNo}</Text>
            <Button className='btn btn--primary' id='btn-open-sent' onClick={() => Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(sent.appealId)}` })}>
              查看办理进度
            </Button>
          </>
        ) : (
          <>
            <Text className='card__title'>已保存在手机上，网络恢复后会自动提交</Text>
            <Text>现在申诉的人很多或网络不好。您的申诉已完整保存在这部手机上，会自动重试提交，不会重复提交。您可以离开本页面。</Text>
            {waiting?.failed ? <Text className='error-text'>提交被拒绝：{waiting.lastError}</Text> : null}
            {waiting && !waiting.failed && waiting.attempts > 0 ? (
              <Text className='muted'>已尝试 {waiting.attempts} 次，稍后自动再试</Text>
            ) : null}
            <Button className='btn btn--primary' id='btn-outbox-retry' onClick={() => void useOutbox.getState().flush({ force: true })}>
              现在重试
            </Button>
          </>
        )}
        <Button className='btn' id='btn-queued-my-appeals' onClick={() => Taro.redirectTo({ url: '/pages/appeals/index' })}>
          查看我的申诉
        </Button>
      </View>
    </View>
  )
}

export default function NewAppeal() {
  const d = useDraft()
  const { category, popupShot, negatives, district, name, idNumber, phone, statement, uploads, submitting, serverErrors, step } = d
  const { triggerDate, blockedFromTesting, needByDate, needByReason } = d
  const remember = useMyAppeals((s) => s.remember)
  const consented = useConsented()
  const giveConsent = usePrefs((s) => s.giveConsent)
  const pageClass = usePageClass('appeal-new')
  const [consentFor, setConsentFor] = useState<string | null>(null)
  const [queuedKey, setQueuedKey] = useState<string | null>(null)
  const [stepHint, setStepHint] = useState<string | null>(null)

  const now = useNow()
  const today = isoToShanghaiParts(now.toISOString()).date
  const earliest = isoToShanghaiParts(new Date(now.getTime() - 30 * 86400_000).toISOString()).date
  const problems = draftEvidenceProblems({ category, negatives, triggerDate }, now)
  const hints = fieldHints({ name, idNumber, phone, statement })
  const reason = blockingReason(d, now)
  const stepReason = step < LAST_STEP ? stepBlocking(step, d, now) : reason
  const anyShot = negatives.some((n) => n.shot)
  const districtIndex = district ? (DISTRICTS as readonly string[]).indexOf(district) : -1

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
      <StepIndicator steps={STEPS} current={step} onGo={(i) => d.goStep(i)} />

      {serverErrors.form ? (
        <View className='card appeal-new__banner' role='alert'>
          <Text className='error-text'>{serverErrors.form}</Text>
          <Text className='muted'>已填写的内容都已保留，请稍后再点「提交申诉」。</Text>
        </View>
      ) : null}

      {step === 0 ? (
        <View className='card' id='step-0'>
          <Text className='card__title'>您是因为哪种情况被弹窗？</Text>
          <View role='radiogroup'>
            {CATEGORIES.map((c) => {
              const info = CATEGORY_INFO[c]
              const checked = category === c
              return (
                <View
                  key={c}
                  id={`category-${c}`}
                  role='radio'
                  aria-checked={checked}
                  className={`choice ${checked ? 'choice--checked' : ''}`}
                  onClick={() => d.setField('category', c)}
                >
                  <Text className='choice__mark'>{checked ? '◉' : '○'}</Text>
                  <View className='choice__body'>
                    <Text className='choice__title'>{info.title}</Text>
                    <Text className='choice__text'>{info.situation}</Text>
                  </View>
                </View>
              )
            })}
          </View>
          {category ? <Text className='muted'>解除办法：{CATEGORY_INFO[category].clears}</Text> : null}
          {serverErrors.category ? <Text className='error-text'>{serverErrors.category}</Text> : null}

          <View className='field appeal-new__trigger'>
            <Text className='field__label'>{category === 'medicine' ? '购药日期（选填）' : '弹窗出现的日期（选填）'}</Text>
            <Picker id='trigger-picker' mode='date' value={triggerDate ?? today} start={earliest} end={today} onChange={(e) => d.setField('triggerDate', String(e.detail.value))}>
              <View className='picker-box'>
                <Text className={triggerDate ? '' : 'muted'}>{triggerDate ?? '选择日期'}</Text>
                <Text className='muted'>›</Text>
              </View>
            </Picker>
            {triggerDate ? (
              <Button className='btn btn--small' id='trigger-clear' onClick={() => d.setField('triggerDate', null)}>
                清除日期
              </Button>
            ) : null}
          </View>
        </View>
      ) : null}

      {step === 1 ? (
        <View id='step-1'>
          <View className='card'>
            <Text className='card__title'>健康宝弹窗截图</Text>
            <ScreenshotPicker
              hookId='popup'
              label='弹窗截图（1 张）'
              shot={popupShot}
              upload={uploads[POPUP_SLOT]}
              previewUrl={previewOf(popupShot, uploads[POPUP_SLOT])}
              onPick={() => pick(POPUP_SLOT)}
              onRetry={() => d.retryUpload(POPUP_SLOT)}
              onRemove={() => d.removeShot(POPUP_SLOT)}
              onPreview={() => preview(previewOf(popupShot, uploads[POPUP_SLOT]))}
            />
            {serverErrors.popup ? <Text className='error-text'>{serverErrors.popup}</Text> : null}
          </View>

          <View className='card'>
            <Text className='card__title'>核酸阴性截图</Text>
            <Text className='muted'>
              {category && testsRequired(category) === 2
                ? '此类弹窗需要两次核酸阴性结果，两次采样间隔 24 小时以上。'
                : '上传最近一次核酸阴性结果（72 小时内采样）。'}
              请按截图填写采样日期和时间（北京时间）。如检测点拒绝为您检测，可在下一步说明，核酸截图可以不传。
            </Text>
            {negatives.map((n, i) => {
              const upload = uploads[n.key]
              const url = previewOf(n.shot, upload)
              return (
                <View className='negative' key={n.key}>
                  <ScreenshotPicker
                    hookId={`negative-${i}`}
                    label={`第 ${i + 1} 次核酸`}
                    shot={n.shot}
                    upload={upload}
                    previewUrl={url}
                    onPick={() => pick(n.key)}
                    onRetry={() => d.retryUpload(n.key)}
                    onRemove={() => d.removeShot(n.key)}
                    onPreview={() => preview(url)}
                  />
                  <Text className='negative__label'>采样时间</Text>
                  <View className='negative__time'>
                    <Picker
                      id={`date-negative-${i}`}
                      className='negative__time-item'
                      mode='date'
                      value={n.date}
                      start={earliest}
                      end={today}
                      onChange={(e) => d.setSampledAt(n.key, 'date', String(e.detail.value))}
                    >
                      <View className='picker-box'>
                        <Text>{n.date}</Text>
                        <Text className='muted'>改日期 ›</Text>
                      </View>
                    </Picker>
                    <Picker id={`time-negative-${i}`} className='negative__time-item' mode='time' value={n.time} onChange={(e) => d.setSampledAt(n.key, 'time', String(e.detail.value))}>
                      <View className='picker-box'>
                        <Text>{n.time}</Text>
                        <Text className='muted'>改时间 ›</Text>
                      </View>
                    </Picker>
                  </View>
                  {negatives.length > 1 ? (
                    <Button className='btn btn--small btn--danger' id={`remove-negative-${i}`} onClick={() => d.removeNegative(n.key)}>
                      删除第 {i + 1} 次核酸
                    </Button>
                  ) : null}
                </View>
              )
            })}
            {negatives.length < MAX_NEGATIVES ? (
              <Button className='btn' id='add-negative' onClick={d.addNegative}>
                ＋ 再添加一次核酸（最多 {MAX_NEGATIVES} 次）
              </Button>
            ) : null}
            {evidenceHints}
            {serverErrors.negatives ? <Text className='error-text'>{serverErrors.negatives}</Text> : null}
          </View>
        </View>
      ) : null}

      {step === 2 ? (
        <View id='step-2'>
          <View className='card'>
            <Text className='card__title'>您是否被核酸检测点拒绝检测？</Text>
            <Text className='muted'>检测点不得拒绝弹窗人员检测。如被拒绝，核酸截图可以不传，只交弹窗截图，工作人员会优先处理。</Text>
            <View role='radiogroup'>
              {[
                { v: false, label: '没有，我能正常做核酸', id: 'blocked-no' },
                { v: true, label: '是，检测点因弹窗拒绝为我检测', id: 'blocked-yes' }
              ].map((o) => (
                <View
                  key={o.id}
                  id={o.id}
                  role='radio'
                  aria-checked={blockedFromTesting === o.v}
                  className={`choice ${blockedFromTesting === o.v ? 'choice--checked' : ''}`}
                  onClick={() => d.setField('blockedFromTesting', o.v)}
                >
                  <Text className='choice__mark'>{blockedFromTesting === o.v ? '◉' : '○'}</Text>
                  <Text className='choice__title'>{o.label}</Text>
                </View>
              ))}
            </View>
            {!blockedFromTesting ? evidenceHints : null}
          </View>

          <View className='card'>
            <Text className='card__title'>需要在某天前解除弹窗吗？（选填）</Text>
            <Text className='muted'>例如要乘车、乘机、考试、就医或上班。临近日期的申诉会优先审核。</Text>
            <Picker id='needby-picker' mode='date' value={needByDate ?? today} start={today} onChange={(e) => d.setField('needByDate', String(e.detail.value))}>
              <View className='picker-box'>
                <Text className={needByDate ? '' : 'muted'}>{needByDate ?? '选择日期（不需要可不填）'}</Text>
                <Text className='muted'>›</Text>
              </View>
            </Picker>
            {needByDate ? (
              <>
                <View className='appeal-new__reasons' role='radiogroup'>
                  {NEED_BY_REASONS.map((r) => (
                    <View
                      key={r}
                      id={`needby-${r}`}
                      role='radio'
                      aria-checked={needByReason === r}
                      className={`chip ${needByReason === r ? 'chip--on' : ''}`}
                      onClick={() => d.setField('needByReason', r)}
                    >
                      <Text>
                        {needByReason === r ? '✓ ' : ''}
                        {NEED_BY_LABELS[r]}
                      </Text>
                    </View>
                  ))}
                </View>
                <Button
                  className='btn btn--small'
                  id='needby-clear'
                  onClick={() => {
                    d.setField('needByDate', null)
                    d.setField('needByReason', null)
                  }}
                >
                  不需要
                </Button>
              </>
            ) : null}
            {serverErrors.needBy ? <Text className='error-text'>{serverErrors.needBy}</Text> : null}
          </View>
        </View>
      ) : null}

      {step === 3 ? (
        <View className='card' id='step-3'>
          <Text className='card__title'>申诉人信息</Text>
          <View className='field'>
            <Text className='field__label'>所在区</Text>
            <Picker
              id='district-picker'
              mode='selector'
              range={DISTRICTS as unknown as string[]}
              value={districtIndex >= 0 ? districtIndex : 0}
              onChange={(e) => d.setField('district', DISTRICTS[Number(e.detail.value)] ?? null)}
            >
              <View className='picker-box'>
                <Text className={district ? '' : 'muted'}>{district ?? '请选择所在区'}</Text>
                <Text className='muted'>›</Text>
              </View>
            </Picker>
            {serverErrors.district ? <Text className='error-text'>{serverErrors.district}</Text> : null}
          </View>

          <View className='field'>
            <Text className='field__label'>姓名</Text>
            <Input
              id='input-name'
              className={`field__input ${hints.name || serverErrors.name ? 'field__input--error' : ''}`}
              value={name}
              maxlength={30}
              placeholder='与身份证一致'
              onInput={(e) => d.setField('name', e.detail.value)}
            />
            {hints.name ? <Text className='hint-text'>{hints.name}</Text> : null}
            {serverErrors.name ? <Text className='error-text'>{serverErrors.name}</Text> : null}
          </View>

          <View className='field'>
            <Text className='field__label'>身份证号</Text>
            <Input
              id='input-id'
              type='idcard'
              className={`field__input ${hints.idNumber || serverErrors.idNumber ? 'field__input--error' : ''}`}
              value={idNumber}
              maxlength={18}
              placeholder='18 位，最后一位可能是 X'
              onInput={(e) => d.setField('idNumber', e.detail.value)}
            />
            {hints.idNumber ? <Text className='hint-text'>{hints.idNumber}</Text> : null}
            {serverErrors.idNumber ? <Text className='error-text'>{serverErrors.idNumber}</Text> : null}
          </View>

          <View className='field'>
            <Text className='field__label'>手机号</Text>
            <Input
              id='input-phone'
              type='number'
              className={`field__input ${hints.phone || serverErrors.phone ? 'field__input--error' : ''}`}
              value={phone}
              maxlength={11}
              placeholder='11 位手机号，用于联系您'
              onInput={(e) => d.setField('phone', e.detail.value)}
            />
            {hints.phone ? <Text className='hint-text'>{hints.phone}</Text> : null}
            {serverErrors.phone ? <Text className='error-text'>{serverErrors.phone}</Text> : null}
          </View>

          <View className='field'>
            <Text className='field__label'>情况说明（选填）</Text>
            <Textarea
              id='input-statement'
              className='field__textarea'
              value={statement}
              maxlength={MAX_STATEMENT}
              placeholder='例如：只买过哮喘药；核酸已阴性两天，弹窗仍未解除'
              onInput={(e) => d.setField('statement', e.detail.value)}
            />
            <Text className='muted'>
              {statement.length}/{MAX_STATEMENT}
            </Text>
            {hints.statement ? <Text className='hint-text'>{hints.statement}</Text> : null}
            {serverErrors.statement ? <Text className='error-text'>{serverErrors.statement}</Text> : null}
          </View>
        </View>
      ) : null}

      {step === LAST_STEP ? (
        <View className='card' id='step-4'>
          <Text className='card__title'>请核对后提交</Text>
          {[
            { s: 0, k: '弹窗情形', v: category ? CATEGORY_INFO[category].title : '未选择' },
            { s: 0, k: category === 'medicine' ? '购药日期' : '弹窗日期', v: triggerDate ?? '未填' },
            { s: 1, k: '弹窗截图', v: popupShot ? '已上传' : '未上传' },
            { s: 1, k: '核酸截图', v: `${negatives.filter((n) => n.shot).length} 张${negatives.filter((n) => n.shot).map((n) => `（${n.date} ${n.time}）`).join('')}` },
            { s: 2, k: '检测点拒绝检测', v: blockedFromTesting ? '是' : '否' },
            { s: 2, k: '需解除日期', v: needByDate ? `${needByDate} ${needByReason ? NEED_BY_LABELS[needByReason] : ''}` : '无' },
            { s: 3, k: '所在区', v: district ?? '未选择' },
            { s: 3, k: '姓名', v: name || '未填' },
            { s: 3, k: '身份证号', v: idNumber ? maskIdNumber(idNumber) : '未填' },
            { s: 3, k: '手机号', v: phone ? maskPhone(phone) : '未填' }
          ].map((row) => (
            <View className='review-row' key={row.k}>
              <Text className='review-row__key'>{row.k}</Text>
              <Text className='review-row__value'>{row.v}</Text>
              <Text className='review-row__edit' onClick={() => d.goStep(row.s)}>
                修改
              </Text>
            </View>
          ))}
          {submitting ? <Loading text='正在提交，请稍候…' /> : null}
          {!submitting && reason ? (
            <Text className='appeal-new__reason' id='submit-reason'>
              还不能提交：{reason}
            </Text>
          ) : null}
          <Button
            className={`btn btn--primary${Boolean(reason) || submitting ? ' btn--disabled' : ''}`}
            id='btn-submit'
            disabled={Boolean(reason) || submitting || undefined}
            onClick={onSubmit}
          >
            {submitting ? '正在提交…' : '提交申诉'}
          </Button>
        </View>
      ) : null}

      <View className='appeal-new__nav'>
        {step < LAST_STEP && (stepHint || stepReason) ? (
          <Text className='appeal-new__reason' id='step-reason'>
            {stepHint ? '还不能下一步：' : '完成本步后可继续：'}
            {stepReason ?? stepHint}
          </Text>
        ) : null}
        {step < LAST_STEP ? (
          <Button className={`btn btn--primary${stepReason ? ' btn--disabled' : ''}`} id='btn-step-next' onClick={onNext}>
            下一步
          </Button>
        ) : null}
        {step > 0 ? (
          <Button className='btn' id='btn-step-back' onClick={onBack}>
            上一步
          </Button>
        ) : null}
        <Text className='muted appeal-new__saved'>填写内容会自动保存在本机，退出后再进入可继续填写。</Text>
      </View>

      {consentFor ? (
        <ConsentSheet
          onAgree={() => void agree()}
          onDecline={() => setConsentFor(null)}
          onReadMore={() => go('/packageAppeal/pages/privacy/index')}
        />
      ) : null}
    </View>
  )
}
