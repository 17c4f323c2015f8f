// The evidence: the popup and negative-test screenshots side by side, and the rule checks run on them.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../../types/api'
import { formatDateTime, fromNow } from '../../../domain/time'
import { reviewerFileUrl } from '../../services/api'
import { checkLine } from '../../format'
import ShotViewer from '../../components/ShotViewer'
import ShotReadingCard from '../../components/ShotReadingCard'
import { useWide } from '../../components/useWide'
import { shotFor, sourceTag } from '../../reading'

interface EvidenceProps {
  appeal: ReviewAppealResponse
  now: number
  blocked: boolean
}

export function ShotsColumn({ appeal, now, blocked }: EvidenceProps) {
  const wide = useWide()
  const popupUrl = reviewerFileUrl(appeal.popupShot)
  const testUrls = appeal.negativeTests.map((t) => reviewerFileUrl(t.shot))
  // every viewer pages through all the shots of the appeal
  const allUrls = [popupUrl, ...testUrls]
  const popupReading = shotFor(appeal, 'popup', null)
  const testReadings = appeal.negativeTests.map((_, i) => shotFor(appeal, 'negative_test', i))
  // a reading under the picture takes some of the picture's height, so both stay in view on a desk
  const shotClass = (read: unknown) => `rv__shot${read ? ' rv__shot--read' : ''}`
  return (
    <View className='rv__shots'>
      <View className={shotClass(popupReading)}>
        <ShotViewer id='shot-popup' src={popupUrl} label='健康宝弹窗' alt='弹窗截图' all={allUrls} caption={`提交于 ${formatDateTime(appeal.createdAt)}（${fromNow(appeal.createdAt, now)}）`} />
        <ShotReadingCard id='reading-popup' shot={popupReading} appeal={appeal} wide={wide} />
      </View>
      {appeal.negativeTests.map((t, i) => (
        <View className={shotClass(testReadings[i])} key={`${t.shot}-${i}`}>
          <ShotViewer
            id={`shot-negative-${i}`}
            src={testUrls[i]}
            all={allUrls}
            label={`核酸阴性 ${i + 1}`}
            alt={`第 ${i + 1} 次核酸截图`}
            caption={`采样：${formatDateTime(t.sampledAt)}（${fromNow(t.sampledAt, now)}）`}
          />
          <ShotReadingCard id={`reading-negative-${i}`} shot={testReadings[i]} appeal={appeal} wide={wide} />
        </View>
      ))}
      {appeal.negativeTests.length === 0 ? (
        <View className='rv__noshot'>
          <Text>未上传核酸截图{blocked ? '（在检测点被拒检）' : ''}</Text>
        </View>
      ) : null}
    </View>
  )
}

export function RuleChecksCard({ appeal }: { appeal: ReviewAppealResponse }) {
  return (
    <View className='card rv__card'>
      <Text className='card__title'>核酸规则核对</Text>
      <View className='checks' id='evidence-checks'>
        {(appeal.evidence ?? []).map((c) => (
          <View className='checks__item' key={c.rule} data-rule={c.rule}>
            <Text className={`checks__text checks__mark--${c.ok ? 'ok' : 'bad'}`}>{checkLine(c)}</Text>
            {sourceTag(c) ? <Text className='flag flag--info checks__source'>{sourceTag(c)}</Text> : null}
          </View>
        ))}
      </View>
      {appeal.negativeTests.map((t, i) => (
        <Text className='muted rv__line' key={`s-${i}`}>
          第 {i + 1} 次采样：{formatDateTime(t.sampledAt)}
        </Text>
      ))}
    </View>
  )
}
