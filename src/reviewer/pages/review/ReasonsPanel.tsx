// Reject or needs-info: the reasons to pick (digits on the keyboard), the note the citizen will read, confirm / cancel.
import { Text, Textarea, View } from '@tarojs/components'
import type { RejectReasonCode } from '../../../../types/appeal'
import { NEEDS_INFO_CODES, REJECT_REASON_CODES } from '../../../../types/appeal'
import { NEEDS_INFO_REASONS, REJECT_REASONS } from '../../../domain/reasons'
import type { KeyCommand, KeyState } from '../../keymap'
import Btn from '../../components/Btn'

export type PanelKeys = Pick<KeyState, 'mode' | 'rejectReason' | 'needs'>

interface ReasonsProps {
  keys: PanelKeys & { mode: 'reject' | 'needs_info' }
  note: string
  onNote: (note: string) => void
  acting: boolean
  run: (cmd: KeyCommand) => void
}

export default function ReasonsPanel({ keys, note, onNote, acting, run }: ReasonsProps) {
  const mode = keys.mode
  const nothingPicked = mode === 'reject' ? !keys.rejectReason : keys.needs.length === 0
  const confirm: KeyCommand =
    mode === 'reject'
      ? keys.rejectReason
        ? { type: 'confirm', outcome: 'rejected', code: keys.rejectReason }
        : { type: 'none' }
      : keys.needs.length
        ? { type: 'confirm', outcome: 'needs_info', codes: keys.needs }
        : { type: 'none' }
  return (
    <View id={mode === 'reject' ? 'reject-panel' : 'needs-panel'}>
      <Text className='field__label' id='reasons-label'>
        {mode === 'reject' ? '选择驳回原因（按数字键）' : '勾选缺少的材料（按数字键，可多选）'}
      </Text>
      <View role={mode === 'reject' ? 'radiogroup' : 'group'} aria-labelledby='reasons-label'>
        {mode === 'reject'
          ? REJECT_REASON_CODES.map((code, i) => (
              <Btn
                key={code}
                id={`reason-${code}`}
                choice={{ role: 'radio', checked: keys.rejectReason === code }}
                className={`decide__reason decide__reason--compact ${keys.rejectReason === code ? 'decide__reason--checked' : ''}`}
                onClick={() => run({ type: 'pick_reject', code: code as RejectReasonCode })}
              >
                <Text className='decide__num'>{i + 1}</Text>
                {REJECT_REASONS[code].text}
              </Btn>
            ))
          : NEEDS_INFO_CODES.map((code, i) => (
              <Btn
                key={code}
                id={`reason-${code}`}
                choice={{ role: 'checkbox', checked: keys.needs.includes(code) }}
                className={`decide__reason decide__reason--compact ${keys.needs.includes(code) ? 'decide__reason--checked' : ''}`}
                onClick={() => run({ type: 'toggle_need', code })}
              >
                <Text className='decide__num' aria-hidden='true'>
                  {keys.needs.includes(code) ? '☑' : '☐'} {i + 1}
                </Text>
                {NEEDS_INFO_REASONS[code].text}
              </Btn>
            ))}
      </View>
      <Text className='field__label' id='note-label'>
        告知申诉人的说明（模板已填好，可修改）
      </Text>
      <Textarea
        id='input-note'
        nativeProps={{ 'aria-labelledby': 'note-label' }}
        className='field__textarea'
        value={note}
        maxlength={400}
        placeholder='例如：截图中采样时间看不清'
        onInput={(e) => onNote(e.detail.value)}
      />
      {nothingPicked ? <Text className='hint-text'>请先选择原因</Text> : null}
      <Btn
        className={`btn btn--primary${nothingPicked || acting ? ' btn--disabled' : ''}`}
        id='btn-confirm-decision'
        disabled={nothingPicked || acting || undefined}
        onClick={() => run(confirm)}
      >
        {acting ? '正在提交…' : mode === 'reject' ? '确认驳回 (Enter)' : '确认要求补充 (Enter)'}
      </Btn>
      <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-cancel-decision' disabled={acting} onClick={() => run({ type: 'cancel' })}>
        取消 (Esc)
      </Btn>
    </View>
  )
}
