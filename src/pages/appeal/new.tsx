import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CATEGORIES } from '../../../types/appeal'
import { CATEGORY_INFO } from '../../domain/categories'
import { DISTRICTS } from '../../domain/districts'
import { testsRequired } from '../../domain/evidence'
import { isoToShanghaiParts } from '../../domain/time'
import ScreenshotPicker from '../../components/ScreenshotPicker'
import Loading from '../../components/Loading'
import { citizenFileUrl } from '../../services/session'
import { previewImages } from '../../services/media'
import {
  MAX_NEGATIVES,
  MAX_STATEMENT,
  POPUP_SLOT,
  blockingReason,
  draftEvidenceProblems,
  fieldHints,
  useDraft,
  type UploadState
} from '../../stores/draft'
import { useMyAppeals } from '../../stores/appeals'
import './new.scss'

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

export default function NewAppeal() {
  const category = useDraft((s) => s.category)
  const popupShot = useDraft((s) => s.popupShot)
  const negatives = useDraft((s) => s.negatives)
  const district = useDraft((s) => s.district)
  const name = useDraft((s) => s.name)
  const idNumber = useDraft((s) => s.idNumber)
  const phone = useDraft((s) => s.phone)
  const statement = useDraft((s) => s.statement)
  const uploads = useDraft((s) => s.uploads)
  const submitting = useDraft((s) => s.submitting)
  const serverErrors = useDraft((s) => s.serverErrors)

  const setField = useDraft((s) => s.setField)
  const addNegative = useDraft((s) => s.addNegative)
  const removeNegative = useDraft((s) => s.removeNegative)
  const setSampledAt = useDraft((s) => s.setSampledAt)
  const pickAndUpload = useDraft((s) => s.pickAndUpload)
  const retryUpload = useDraft((s) => s.retryUpload)
  const removeShot = useDraft((s) => s.removeShot)
  const submit = useDraft((s) => s.submit)
  const remember = useMyAppeals((s) => s.remember)

  const now = useNow()
  const today = isoToShanghaiParts(now.toISOString()).date
  const earliest = isoToShanghaiParts(new Date(now.getTime() - 30 * 86400_000).toISOString()).date
  const problems = draftEvidenceProblems({ category, negatives }, now)
  const hints = fieldHints({ name, idNumber, phone, statement })
  const reason = blockingReason({ category, popupShot, negatives, district, name, idNumber, phone, statement, uploads }, now)
  const anyShot = negatives.some((n) => n.shot)
  const districtIndex = district ? (DISTRICTS as readonly string[]).indexOf(district) : -1

  const onSubmit = async () => {
    const appeal = await submit()
    if (appeal) {
      remember(appeal)
      Taro.redirectTo({ url: `/pages/appeal/detail?id=${encodeURIComponent(appeal.id)}` })
    } else {
      Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    }
  }

  const preview = (url: string | null) => {
    if (url) previewImages([url], url)
  }

  return (
    <View className='page appeal-new'>
      {serverErrors.form ? (
        <View className='card appeal-new__banner' role='alert'>
          <Text className='error-text'>{serverErrors.form}</Text>
          <Text className='muted'>已填写的内容都已保留，请稍后再点「提交申诉」。</Text>
        </View>
      ) : null}

      <View className='card'>
        <Text className='card__title'>1. 弹窗情形</Text>
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
                onClick={() => setField('category', c)}
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
      </View>

      <View className='card'>
        <Text className='card__title'>2. 健康宝弹窗截图</Text>
        <ScreenshotPicker
          hookId='popup'
          label='弹窗截图（1 张）'
          shot={popupShot}
          upload={uploads[POPUP_SLOT]}
          previewUrl={previewOf(popupShot, uploads[POPUP_SLOT])}
          onPick={() => pickAndUpload(POPUP_SLOT)}
          onRetry={() => retryUpload(POPUP_SLOT)}
          onRemove={() => removeShot(POPUP_SLOT)}
          onPreview={() => preview(previewOf(popupShot, uploads[POPUP_SLOT]))}
        />
        {serverErrors.popup ? <Text className='error-text'>{serverErrors.popup}</Text> : null}
      </View>

      <View className='card'>
        <Text className='card__title'>3. 核酸阴性截图</Text>
        <Text className='muted'>
          {category && testsRequired(category) === 2
            ? '此类弹窗需要两次核酸阴性结果，两次采样间隔 24 小时以上。'
            : '上传最近一次核酸阴性结果（72 小时内采样）。'}
          请按截图填写采样日期和时间（北京时间）。
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
                onPick={() => pickAndUpload(n.key)}
                onRetry={() => retryUpload(n.key)}
                onRemove={() => removeShot(n.key)}
                onPreview={() => preview(url)}
              />
              <Text className='negative__label'>采样时间</Text>
              <View className='negative__time'>
                <Picker
                  id={`date-negative-${i}`}
                  mode='date'
                  value={n.date}
                  start={earliest}
                  end={today}
                  onChange={(e) => setSampledAt(n.key, 'date', String(e.detail.value))}
                >
                  <View className='picker-box'>
                    <Text>{n.date}</Text>
                    <Text className='muted'>改日期 ›</Text>
                  </View>
                </Picker>
                <Picker
                  id={`time-negative-${i}`}
                  mode='time'
                  value={n.time}
                  onChange={(e) => setSampledAt(n.key, 'time', String(e.detail.value))}
                >
                  <View className='picker-box'>
                    <Text>{n.time}</Text>
                    <Text className='muted'>改时间 ›</Text>
                  </View>
                </Picker>
              </View>
              {negatives.length > 1 ? (
                <Button className='btn btn--small btn--danger' id={`remove-negative-${i}`} onClick={() => removeNegative(n.key)}>
                  删除第 {i + 1} 次核酸
                </Button>
              ) : null}
            </View>
          )
        })}
        {negatives.length < MAX_NEGATIVES ? (
          <Button className='btn' id='add-negative' onClick={addNegative}>
            ＋ 再添加一次核酸（最多 {MAX_NEGATIVES} 次）
          </Button>
        ) : null}
        {anyShot || category
          ? problems.map((p) => (
              <Text className='hint-text' key={p.rule} id={`evidence-${p.rule}`}>
                ⚠ {p.message}
              </Text>
            ))
          : null}
        {serverErrors.negatives ? <Text className='error-text'>{serverErrors.negatives}</Text> : null}
      </View>

      <View className='card'>
        <Text className='card__title'>4. 申诉人信息</Text>
        <View className='field'>
          <Text className='field__label'>所在区</Text>
          <Picker
            id='district-picker'
            mode='selector'
            range={DISTRICTS as unknown as string[]}
            value={districtIndex >= 0 ? districtIndex : 0}
            onChange={(e) => setField('district', DISTRICTS[Number(e.detail.value)] ?? null)}
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
            onInput={(e) => setField('name', e.detail.value)}
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
            onInput={(e) => setField('idNumber', e.detail.value)}
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
            onInput={(e) => setField('phone', e.detail.value)}
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
            onInput={(e) => setField('statement', e.detail.value)}
          />
          <Text className='muted'>
            {statement.length}/{MAX_STATEMENT}
          </Text>
          {hints.statement ? <Text className='hint-text'>{hints.statement}</Text> : null}
          {serverErrors.statement ? <Text className='error-text'>{serverErrors.statement}</Text> : null}
        </View>
      </View>

      <View className='card appeal-new__submit'>
        {submitting ? <Loading text='正在提交，请稍候…' /> : null}
        {!submitting && reason ? (
          <Text className='appeal-new__reason' id='submit-reason'>
            还不能提交：{reason}
          </Text>
        ) : null}
        {serverErrors.form ? <Text className='error-text'>{serverErrors.form}</Text> : null}
        <Button
          className={`btn btn--primary${Boolean(reason) || submitting ? ' btn--disabled' : ''}`}
          id='btn-submit'
          disabled={(Boolean(reason) || submitting) || undefined}
         
          onClick={onSubmit}
        >
          {submitting ? '正在提交…' : '提交申诉'}
        </Button>
        <Text className='muted appeal-new__saved'>填写内容会自动保存在本机，退出后再进入可继续填写。</Text>
      </View>
    </View>
  )
}
