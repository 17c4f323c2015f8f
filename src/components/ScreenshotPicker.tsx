import { Button, Image, Text, View } from '@tarojs/components'
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
export default function ScreenshotPicker({ hookId, label, shot, upload, previewUrl, onPick, onRetry, onRemove, onPreview }: Props) {
  const uploading = upload?.status === 'uploading'
  const failed = upload?.status === 'failed'
  const has = Boolean(shot) || uploading || failed
  return (
    <View className='shot-picker'>
      <View className='shot-picker__row'>
        {previewUrl ? (
          <Image className='shot-picker__thumb' src={previewUrl} mode='aspectFit' onClick={onPreview} />
        ) : (
          <View className='shot-picker__thumb shot-picker__thumb--empty'>
            <Text>截图</Text>
          </View>
        )}
        <View className='shot-picker__side'>
          <Text className='shot-picker__label'>{label}</Text>
          <Text
            id={`upload-status-${hookId}`}
            className={`shot-picker__status ${failed ? 'shot-picker__status--bad' : shot ? 'shot-picker__status--ok' : ''}`}
          >
            {statusText(shot, upload)}
          </Text>
          {uploading && (
            <View className='shot-picker__bar' aria-label={`上传进度 ${upload?.progress ?? 0}%`}>
              <View className='shot-picker__fill' style={{ width: `${upload?.progress ?? 0}%` }} />
            </View>
          )}
        </View>
      </View>
      <View className='shot-picker__actions'>
        {failed ? (
          <Button className='btn btn--primary btn--small' id={`retry-${hookId}`} onClick={onRetry}>
            重试
          </Button>
        ) : null}
        <Button
          className={`btn btn--small ${has ? '' : 'btn--primary'}${uploading ? ' btn--disabled' : ''}`}
          id={`pick-${hookId}`}
          disabled={(uploading) || undefined}
          onClick={onPick}
        >
          {has ? '重新选择' : '选择截图'}
        </Button>
        {has && !uploading ? (
          <Button className='btn btn--small btn--danger' id={`remove-${hookId}`} onClick={onRemove}>
            删除
          </Button>
        ) : null}
      </View>
    </View>
  )
}
