// The short flag labels of a queue row (table cell and phone card alike).
import { Text } from '@tarojs/components'
import type { AppealSummary } from '../../../../types/api'

export default function RowFlags({ flags: f }: { flags: AppealSummary['flags'] }) {
  return (
    <>
      {f?.blockedFromTesting ? <Text className='flag flag--bad'>拒检</Text> : null}
      {f?.needBy ? <Text className='flag flag--warn'>{f.needBy.date} 前</Text> : null}
      {f?.urged ? <Text className='flag flag--warn'>催办</Text> : null}
      {f?.reusedScreenshot ? <Text className='flag flag--bad'>截图重复</Text> : null}
      {f?.shotMismatch ? <Text className='flag flag--bad flag--mismatch'>截图与填写不符</Text> : null}
    </>
  )
}
