import { Picker, Text, View } from '@tarojs/components'
import { Btn, Tap, TextBox } from '../../components/A11y'
import ScreenshotPicker from '../../components/ScreenshotPicker'
import { supplementBody, useSupplement } from '../supplementStore'
import { usePolicy } from '../../services/policy'

/** needs_info: add new screenshots and a note, then send them (the appeal keeps its place in the queue). */
export default function SupplementForm({ busy, onSend }: { busy: boolean; onSend: (body: NonNullable<ReturnType<typeof supplementBody>>) => void }) {
  const s = useSupplement()
  const policy = usePolicy()
  const body = supplementBody(s)
  const uploading = Object.values(s.uploads).some((u) => u?.status === 'uploading')
  return (
    <View id='supplement-form'>
      <ScreenshotPicker
        hookId='supp-popup'
        label='新的弹窗截图（选填）'
        alt='新的弹窗截图'
        shot={s.popupShot}
        upload={s.uploads.popup}
        previewUrl={s.uploads.popup?.localPath ?? null}
        onPick={() => void s.pick('popup')}
        onRetry={() => s.uploads.popup?.localPath && void s.upload('popup', s.uploads.popup.localPath)}
        onRemove={() => s.remove('popup')}
      />
      <ScreenshotPicker
        hookId='supp-negative'
        label='新的核酸阴性截图（选填）'
        alt='新的核酸阴性截图'
        shot={s.negativeShot}
        upload={s.uploads.negative}
        previewUrl={s.uploads.negative?.localPath ?? null}
        onPick={() => void s.pick('negative')}
        onRetry={() => s.uploads.negative?.localPath && void s.upload('negative', s.uploads.negative.localPath)}
        onRemove={() => s.remove('negative')}
      />
      {s.negativeShot ? (
        <View className='negative__time'>
          <Picker id='supp-date' className='negative__time-item' mode='date' value={s.date} onChange={(e) => s.set({ date: String(e.detail.value) })}>
            <Tap className='picker-box'>
              <Text className='nowrap'>采样 {s.date}</Text>
            </Tap>
          </Picker>
          <Picker id='supp-time' className='negative__time-item' mode='time' value={s.time} onChange={(e) => s.set({ time: String(e.detail.value) })}>
            <Tap className='picker-box' label={`采样时间 ${s.time}`}>
              <Text className='nowrap'>{s.time}</Text>
            </Tap>
          </Picker>
        </View>
      ) : null}
      <TextBox id='supp-note' label='补充说明（选填）' className='field__textarea' value={s.note} maxlength={policy.statementMaxChars} placeholder='例如：今天又做了一次核酸' onInput={(v) => s.set({ note: v })} />
      <Btn
        className={`btn btn--primary${!body || busy || uploading ? ' btn--disabled' : ''}`}
        id='btn-supplement'
        disabled={!body || busy || uploading}
        onClick={() => body && onSend(body)}
      >
        提交补充材料
      </Btn>
    </View>
  )
}
