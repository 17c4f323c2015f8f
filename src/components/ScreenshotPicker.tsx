import { Text, View } from '@tarojs/components'
import { Btn, Picture } from './A11y'
import './ScreenshotPicker.scss'

export interface PickerUpload {
  status: 'uploading' | 'done' | 'failed'
  progress: number
  attempt: number
  error: string | null
}

interface Props {
  /** used for the element ids: pick-<hookId>, upload-status-<hookId> */
  hookId: string
  label: string
  /** the thumbnail's text alternative, e.g. 「第 1 次核酸截图」 */
  alt: string
  /** uploaded file id, if any */
  shot: string | null
  upload?: PickerUpload
  previewUrl?: string | null
  onPick: () => void
  onRetry: () => void
  onRemove: () => void
  onPreview?: () => void
}

function statusText(shot: string | null, upload?: PickerUpload): string {
  if (upload?.status === 'uploading') {
    return upload.attempt > 1 ? `上传中 ${upload.progress}%（第 ${upload.attempt} 次尝试）` : `上传中 ${upload.progress}%`
  }
  if (upload?.status === 'failed') return `上传失败：${upload.error ?? '请重试'}`
  if (shot) return '✓ 已上传'
  return '未上传'
}

/** One screenshot: choose, upload with a progress bar, preview, replace, remove, retry. */
export default function ScreenshotPicker({ hookId, label, alt, shot, upload, previewUrl, onPick, onRetry, onRemove, onPreview }: Props) {
  const uploading = upload?.status === 'uploading'
  const failed = upload?.status === 'failed'
  const has = Boolean(shot) || uploading || failed
  return (
    <View className='shot-picker'>
      <View className='shot-picker__row'>
        {previewUrl ? (
          <Picture className='shot-picker__thumb' src={previewUrl} alt={alt} onClick={onPreview} />
        ) : (
          <View className='shot-picker__thumb shot-picker__thumb--empty' aria-hidden='true'>
            <Text>截图</Text>
          </View>
        )}
        <View className='shot-picker__side'>
          <Text className='shot-picker__label'>{label}</Text>
          {/* progress, success and failure are announced as they change */}
          <View
            id={`upload-status-${hookId}`}
            role={failed ? 'alert' : 'status'}
            className={`shot-picker__status ${failed ? 'shot-picker__status--bad' : shot ? 'shot-picker__status--ok' : ''}`}
          >
            {statusText(shot, upload)}
          </View>
          {uploading && (
            <View
              className='shot-picker__bar'
              role='progressbar'
              aria-label={`${label}上传进度`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={upload?.progress ?? 0}
            >
              <View className='shot-picker__fill' style={{ width: `${upload?.progress ?? 0}%` }} />
            </View>
          )}
        </View>
      </View>
      <View className='shot-picker__actions'>
        {failed ? (
          <Btn className='btn btn--primary btn--small' id={`retry-${hookId}`} label={`重试（${label}）`} onClick={onRetry}>
            重试
          </Btn>
        ) : null}
        <Btn
          className={`btn btn--small ${has ? '' : 'btn--primary'}${uploading ? ' btn--disabled' : ''}`}
          id={`pick-${hookId}`}
          label={`${has ? '重新选择' : '选择截图'}（${label}）`}
          disabled={uploading}
          onClick={onPick}
        >
          {has ? '重新选择' : '选择截图'}
        </Btn>
        {has && !uploading ? (
          <Btn className='btn btn--small btn--danger' id={`remove-${hookId}`} label={`删除（${label}）`} onClick={onRemove}>
            删除
          </Btn>
        ) : null}
      </View>
    </View>
  )
}
