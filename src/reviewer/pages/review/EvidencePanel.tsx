// The evidence: the popup and negative-test screenshots side by side, and the rule checks run on them.
import { Text, View } from '@tarojs/components'
import type { ReviewAppealResponse } from '../../../../types/api'
import { formatDateTime, fromNow } from '../../../domain/time'
import { reviewerFileUrl } from '../../services/api'
import { checkLine } from '../../format'
import ShotViewer from '../../components/ShotViewer'

interface EvidenceProps {
  appeal: ReviewAppealResponse
  now: number
  blocked: boolean
}

export function ShotsColumn({ appeal, now, blocked }: EvidenceProps) {
  const popupUrl = reviewerFileUrl(appeal.popupShot)
  const testUrls = appeal.negativeTests.map((t) => reviewerFileUrl(t.shot))
  // every viewer pages through all the shots of the appeal
  const allUrls = [popupUrl, ...testUrls]
  return (
    <View className='rv__shots'>
      <ShotViewer id='shot-popup' src={popupUrl} label='健康宝弹窗' alt='弹窗截图' all={allUrls} caption={`提交于 ${formatDateTime(appeal.createdAt)}（${fromNow(appeal.createdAt, now)}）`} />
      {appeal.negativeTests.map((t, i) => (
        <ShotViewer
          key={`${t.shot}-${i}`}
          id={`shot-negative-${i}`}
          src={testUrls[i]}
          all={allUrls}
          label={`核酸阴性 ${i + 1}`}
          alt={`第 ${i + 1} 次核酸截图`}
          caption={`采样：${formatDateTime(t.sampledAt)}（${fromNow(t.sampledAt, now)}）`}
        />
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
          <View className='checks__item' key={c.rule}>
            <Text className={`checks__text checks__mark--${c.ok ? 'ok' : 'bad'}`}>{checkLine(c)}</Text>
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
