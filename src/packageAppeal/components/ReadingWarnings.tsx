// What the screenshots say that the citizen should know before submitting. Said, never blocking: the
// reviewer decides (a 阳性 asks for one confirming tap on the review step, see StepCheck).
import { Text, View } from '@tarojs/components'
import { useDraft } from '../../stores/draft'
import { useReadings } from '../reading/store'
import { formWarnings, type WarningsWhere } from '../reading/warnings'
import './ReadingBanner.scss'

export default function ReadingWarnings({ where }: { where: WarningsWhere }) {
  const d = useDraft()
  const readings = useReadings((s) => s.readings)
  const warnings = formWarnings(d, readings, where)
  if (!warnings.length) return null
  return (
    <View className='reading-warnings' id={`reading-warnings-${where}`} role='status'>
      <Text className='reading__text'>截图上的内容请核对：</Text>
      {warnings.map((w) => (
        <Text className='reading-warnings__item' key={w}>
          ⚠ {w}
        </Text>
      ))}
    </View>
  )
}
