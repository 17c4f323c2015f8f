// A test screenshot read as 阳性 (or anything but 阴性) cannot support the appeal, and filing it costs the
// citizen days of waiting for a refusal; the reading may also be wrong. So: never a block, but one confirming
// tap — it catches the wrong screenshot picked from the album, and a misread costs a single tap.
import { Text } from '@tarojs/components'
import { Tap } from '../../components/A11y'
import { useDraft } from '../../stores/draft'
import { useReadings } from '../reading/store'
import { isNonNegative } from '../reading/view'
import './ReadingBanner.scss'

/** Whether any attached test screenshot was read as a result other than 阴性. */
export function usePositiveRead(): boolean {
  const negatives = useDraft((s) => s.negatives)
  const readings = useReadings((s) => s.readings)
  return negatives.some((n) => n.shot && isNonNegative(readings[n.shot]))
}

export default function PositiveConfirm({ confirmed, onToggle }: { confirmed: boolean; onToggle: () => void }) {
  const label = '我已核对核酸截图，结果不是阴性的截图也仍要提交'
  return (
    <Tap className={`choice ${confirmed ? 'choice--checked' : ''}`} id='positive-confirm' role='checkbox' checked={confirmed} label={label} onClick={onToggle}>
      <Text className='choice__mark' aria-hidden='true'>
        {confirmed ? '☑' : '☐'}
      </Text>
      <Text className='choice__body'>{label}</Text>
    </Tap>
  )
}
