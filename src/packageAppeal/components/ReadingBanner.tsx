// By each test screenshot: what the server read (采样 01-27 08:02 · 阴性) with 使用 / 修改, that it is
// still reading, or that it could not read the time. 使用 fills the same date and time the chips and the number pad set; the citizen's own
// entry is never replaced without a tap.
import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/A11y'
import Loading from '../../components/Loading'
import { shortTime, spokenTime, type TestBanner } from '../reading/view'
import './ReadingBanner.scss'

interface Props {
  /** 0-based test index: element ids and the spoken 第 n 次 */
  index: number
  banner: TestBanner
  /** the citizen chose 修改: say so instead of offering again */
  editing: boolean
  onUse: () => void
  onEdit: () => void
}

/** While the server reads: a small spinner, announced politely (role=status). */
export function ReadingPending({ id }: { id: string }) {
  return (
    <View className='reading reading--pending' id={id}>
      <Loading text='正在读取截图中的时间…' />
    </View>
  )
}

export default function ReadingBanner({ index, banner, editing, onUse, onEdit }: Props) {
  const id = `reading-${index}`
  if (banner.kind === 'none') return null
  if (banner.kind === 'pending') return <ReadingPending id={id} />
  if (banner.kind === 'unread') {
    return (
      <View className='reading reading--unread' id={id} role='status'>
        <Text className='reading__text'>未能从截图读出采样时间，请在下方填写</Text>
      </View>
    )
  }
  const { read, result } = banner
  const n = index + 1
  const said = spokenTime(read.date, read.time)
  if (banner.kind === 'used') {
    return (
      <View className='reading reading--used' id={id} role='status'>
        <Text className='reading__text'>
          <Text aria-hidden='true'>✓ </Text>
          {editing ? '已按截图填入采样时间，可在下方修改' : '已使用截图中的采样时间'}
          {result ? ` · ${result}` : ''}
        </Text>
      </View>
    )
  }
  const readText = `从截图读到：采样 ${shortTime(read.date, read.time)}${result ? ` · ${result}` : ''}`
  return (
    <View className='reading' id={id} role='group' aria-label={`第 ${n} 次核酸截图读到的内容`}>
      <Text className='reading__text' id={`${id}-text`}>
        {readText}
      </Text>
      {banner.kind === 'differs' ? (
        <Text className='reading__text reading__text--typed' id={`${id}-typed`}>
          您填的是：{shortTime(banner.typed.date, banner.typed.time)}，与截图不同，请核对
        </Text>
      ) : null}
      <View className='reading__actions'>
        <Btn className='btn btn--primary btn--small reading__btn' id={`${id}-use`} label={`使用截图中的采样时间 ${said}`} onClick={onUse}>
          使用
        </Btn>
        <Btn className='btn btn--small reading__btn' id={`${id}-edit`} label={`修改第 ${n} 次核酸采样时间，从截图中的 ${said} 改起`} onClick={onEdit}>
          修改
        </Btn>
      </View>
    </View>
  )
}
