// The review screen's commands, from the keyboard or the buttons alike: the keymap decides the next panel state,
// this hook carries the command out (decide, release, move) and keeps the note in step with the reasons picked.
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { REJECT_REASONS } from '../../../domain/reasons'
import { useReview } from '../../stores/review'
import { INITIAL_KEY_STATE, reduceKeyState, type KeyCommand } from '../../keymap'
import { useKeys } from '../../components/useKeys'
import type { PanelKeys } from './ReasonsPanel'
import { needsNote } from './texts'

export function useDecisionKeys(hasAppeal: boolean, canDecide: boolean) {
  const decideAndNext = useReview((s) => s.decideAndNext)
  const releaseAndNext = useReview((s) => s.releaseAndNext)
  const openAdjacent = useReview((s) => s.openAdjacent)
  const [keys, setKeys] = useState<PanelKeys>({
    mode: INITIAL_KEY_STATE.mode,
    rejectReason: null,
    needs: []
  })
  const [note, setNote] = useState('')

  /** a new appeal in hand starts with every panel closed and an empty note */
  const reset = useCallback(() => {
    setKeys({ mode: 'idle', rejectReason: null, needs: [] })
    setNote('')
  }, [])

  const run = (cmd: KeyCommand) => {
    if (!hasAppeal) return
    const next = reduceKeyState({ ...keys, canDecide, editing: false }, cmd)
    setKeys({ mode: next.mode, rejectReason: next.rejectReason, needs: next.needs })
    switch (cmd.type) {
      case 'approve':
        void decideAndNext('approved')
        break
      case 'open_reject':
      case 'open_needs_info':
      case 'cancel':
        setNote('')
        break
      case 'pick_reject':
        setNote(REJECT_REASONS[cmd.code].nextStep)
        break
      case 'toggle_need':
        setNote(needsNote(next.needs))
        break
      case 'confirm':
        if (cmd.outcome === 'rejected') void decideAndNext('rejected', cmd.code, note)
        else void decideAndNext('needs_info', cmd.codes[0], note)
        break
      case 'release':
        void releaseAndNext()
        break
      case 'next':
      case 'prev':
        // the queue list's next / previous waiting appeal; the one in hand goes back to the queue (like S)
        void openAdjacent(cmd.type === 'next' ? 1 : -1).then((r) => {
          if (r === 'end') Taro.showToast({ title: cmd.type === 'next' ? '列表中没有下一条' : '列表中没有上一条', icon: 'none' }).catch(() => undefined)
        })
        break
      default:
        break
    }
  }

  useKeys({ ...keys, canDecide }, run, 'review-page')

  return { keys, note, setNote, run, reset }
}
