import { Text, View } from '@tarojs/components'
import { Btn } from '../../../components/A11y'
import ScreenshotPicker from '../../../components/ScreenshotPicker'
import { testsRequired } from '../../../domain/evidence'
import { POPUP_SLOT, useDraft } from '../../../stores/draft'
import { recentTestHint, twoTestsHint } from '../../../domain/policy'
import { usePolicy } from '../../../services/policy'
import CategorySuggestion from '../../components/CategorySuggestion'
import ReadingBanner, { ReadingPending } from '../../components/ReadingBanner'
import ReadingWarnings from '../../components/ReadingWarnings'
import { useReadings } from '../../reading/store'
import { applyReadTime, editReadTime } from '../../reading/useDraftReadings'
import { suggestedCategory, testBanner } from '../../reading/view'
import TimeEntry from './TimeEntry'
import { previewOf } from './shared'

interface Props {
  now: Date
  today: string
  earliest: string
  evidenceHints: JSX.Element[] | null
  pick: (slot: string) => void
  preview: (url: string | null) => void
}

/** Step 2: the popup screenshot and as many test slots as the situation needs, each with its time. */
export default function StepShots({ now, today, earliest, evidenceHints, pick, preview }: Props) {
  const d = useDraft()
  const policy = usePolicy()
  const { category, popupShot, negatives, uploads, serverErrors } = d
  const popupUrl = previewOf(popupShot, uploads[POPUP_SLOT])
  const readings = useReadings((s) => s.readings)
  const declinedSuggestion = useReadings((s) => s.declinedSuggestion)
  const editing = useReadings((s) => s.editing)
  const unread = useReadings((s) => s.unread)
  const declineSuggestion = useReadings((s) => s.declineSuggestion)
  const popupReading = popupShot ? readings[popupShot] : undefined
  const suggested = popupShot ? suggestedCategory(category, popupReading, Boolean(declinedSuggestion[popupShot])) : null
  return (
    <View id='step-1'>
      <View className='card'>
        <Text className='card__title'>健康宝弹窗截图</Text>
        <ScreenshotPicker
          hookId='popup'
          label='弹窗截图（1 张）'
          alt='健康宝弹窗截图'
          shot={popupShot}
          upload={uploads[POPUP_SLOT]}
          previewUrl={popupUrl}
          onPick={() => pick(POPUP_SLOT)}
          onRetry={() => d.retryUpload(POPUP_SLOT)}
          onRemove={() => d.removeShot(POPUP_SLOT)}
          onPreview={() => preview(popupUrl)}
        />
        {popupReading?.status === 'pending' ? <ReadingPending id='reading-popup' /> : null}
        {suggested && popupShot ? (
          <CategorySuggestion suggested={suggested} chosen={category} onUse={() => d.setField('category', suggested)} onDecline={() => declineSuggestion(popupShot)} />
        ) : null}
        {serverErrors.popup ? (
          <View className='error-text' role='alert'>
            {serverErrors.popup}
          </View>
        ) : null}
      </View>

      <View className='card'>
        <Text className='card__title'>核酸阴性截图</Text>
        <Text className='muted'>
          {category && testsRequired(category) === 2
            ? twoTestsHint(policy)
            : recentTestHint(policy)}
          请按截图填写采样日期和时间（北京时间）。如检测点拒绝为您检测，可在下一步说明，核酸截图可以不传。
        </Text>
        {negatives.map((n, i) => {
          const upload = uploads[n.key]
          const url = previewOf(n.shot, upload)
          const reading = n.shot ? readings[n.shot] : undefined
          return (
            <View className='negative' key={n.key} role='group' aria-label={`第 ${i + 1} 次核酸`}>
              <ScreenshotPicker
                hookId={`negative-${i}`}
                label={`第 ${i + 1} 次核酸`}
                alt={`第 ${i + 1} 次核酸截图`}
                shot={n.shot}
                upload={upload}
                previewUrl={url}
                onPick={() => pick(n.key)}
                onRetry={() => d.retryUpload(n.key)}
                onRemove={() => d.removeShot(n.key)}
                onPreview={() => preview(url)}
              />
              <ReadingBanner
                index={i}
                banner={testBanner(n, reading, Boolean(n.shot && unread[n.shot]))}
                editing={Boolean(editing[n.key])}
                onUse={() => applyReadTime(n.key, reading?.fields.sampledAt)}
                onEdit={() => editReadTime(n.key, i, reading?.fields.sampledAt, Boolean(n.date && n.time))}
              />
              <TimeEntry
                index={i}
                date={n.date}
                time={n.time}
                now={now}
                today={today}
                earliest={earliest}
                onDate={(v) => d.setSampledAt(n.key, 'date', v)}
                onTime={(v) => d.setSampledAt(n.key, 'time', v)}
              />
              {negatives.length > 1 ? (
                <Btn className='btn btn--small btn--danger' id={`remove-slot-${i}`} onClick={() => d.removeNegative(n.key)}>
                  删除第 {i + 1} 次核酸
                </Btn>
              ) : null}
            </View>
          )
        })}
        {negatives.length < policy.maxNegativeTests ? (
          <Btn className='btn' id='add-negative' onClick={d.addNegative}>
            ＋ 再添加一次核酸（最多 {policy.maxNegativeTests} 次）
          </Btn>
        ) : null}
        {evidenceHints}
        <ReadingWarnings where='shots' />
        {serverErrors.negatives ? (
          <View className='error-text' role='alert'>
            {serverErrors.negatives}
          </View>
        ) : null}
      </View>
    </View>
  )
}
