// The reviewer's keyboard map (h5), as a pure function: (state, key) → command.
// Pages translate a keydown into a KeyInput, ask for the command, and carry it out; nothing here touches the DOM.
import { NEEDS_INFO_CODES, REJECT_REASON_CODES, type NeedsInfoCode, type RejectReasonCode } from '../../types/appeal'

export type KeyMode = 'idle' | 'reject' | 'needs_info' | 'help'

export interface KeyState {
  /** which panel is open on the review screen */
  mode: KeyMode
  /** the appeal in hand can be decided (held, not yet decided, no request in flight) */
  canDecide: boolean
  /** the reject reason picked so far (reject mode) */
  rejectReason: RejectReasonCode | null
  /** what has been ticked so far (needs-info mode) */
  needs: NeedsInfoCode[]
  /** focus is in a text field: letters are typing, not commands */
  editing: boolean
  /** focus is on a button (or another control): Enter and Space press it instead of acting on the list */
  control?: boolean
  /** the page shows the queue list: the arrow keys move in it like J/K (elsewhere they scroll) */
  list?: boolean
}

export interface KeyInput {
  key: string
  ctrl?: boolean
  meta?: boolean
  alt?: boolean
}

export type KeyCommand =
  | { type: 'none' }
  | { type: 'approve' }
  | { type: 'open_reject' }
  | { type: 'open_needs_info' }
  | { type: 'pick_reject'; code: RejectReasonCode }
  | { type: 'toggle_need'; code: NeedsInfoCode }
  | { type: 'confirm'; outcome: 'rejected'; code: RejectReasonCode }
  | { type: 'confirm'; outcome: 'needs_info'; codes: NeedsInfoCode[] }
  | { type: 'release' }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'open' }
  | { type: 'help' }
  | { type: 'cancel' }

export const INITIAL_KEY_STATE: KeyState = { mode: 'idle', canDecide: false, rejectReason: null, needs: [], editing: false }

const NONE: KeyCommand = { type: 'none' }

/** The list shown by "?" (the same table the map below implements). */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'A', what: '通过' },
  { keys: 'R', what: '驳回，再按 1–9 选原因，Enter 确认' },
  { keys: 'N', what: '需补充材料，再按 1–5 勾选缺少的材料，Enter 确认' },
  { keys: 'S', what: '跳过（释放回队列），并领取下一条' },
  { keys: 'J / K', what: '列表中的下一条 / 上一条（队列页 Enter 打开；审核页直接打开，手上这条释放回队列）' },
  { keys: '↓ / ↑', what: '队列页：同 J / K' },
  { keys: 'Tab', what: '在按钮、表头和列表之间移动；按钮上 Enter 或空格即按下' },
  { keys: 'Esc', what: '取消当前操作' },
  { keys: '?', what: '显示 / 关闭快捷键说明' }
]

function digit(key: string): number | null {
  return /^[1-9]$/.test(key) ? Number(key) : null
}

export function keyCommand(state: KeyState, input: KeyInput): KeyCommand {
  const { key } = input
  if (input.ctrl || input.meta || input.alt) {
    // Ctrl/⌘+Enter confirms even while typing in the note
    if ((input.ctrl || input.meta) && key === 'Enter') return confirmCommand(state)
    return NONE
  }
  if (key === 'Escape') return state.mode === 'idle' ? NONE : { type: 'cancel' }
  if (state.editing) return NONE
  if (state.mode === 'help') return { type: 'cancel' }
  // a focused button takes its own Enter/Space (the browser clicks it); letters stay shortcuts
  if (state.control && (key === 'Enter' || key === ' ')) return NONE
  if (key === '?') return { type: 'help' }
  const k = key.length === 1 ? key.toLowerCase() : key

  if (state.mode === 'reject') {
    const d = digit(k)
    if (d !== null) return d <= REJECT_REASON_CODES.length ? { type: 'pick_reject', code: REJECT_REASON_CODES[d - 1] } : NONE
    if (k === 'Enter') return confirmCommand(state)
    if (k === 'n') return state.canDecide ? { type: 'open_needs_info' } : NONE
    return NONE
  }
  if (state.mode === 'needs_info') {
    const d = digit(k)
    if (d !== null) return d <= NEEDS_INFO_CODES.length ? { type: 'toggle_need', code: NEEDS_INFO_CODES[d - 1] } : NONE
    if (k === 'Enter') return confirmCommand(state)
    if (k === 'r') return state.canDecide ? { type: 'open_reject' } : NONE
    return NONE
  }

  switch (k) {
    case 'j':
      return { type: 'next' }
    case 'k':
      return { type: 'prev' }
    case 'ArrowDown':
      return state.list ? { type: 'next' } : NONE
    case 'ArrowUp':
      return state.list ? { type: 'prev' } : NONE
    case 'a':
      return state.canDecide ? { type: 'approve' } : NONE
    case 'r':
      return state.canDecide ? { type: 'open_reject' } : NONE
    case 'n':
      return state.canDecide ? { type: 'open_needs_info' } : NONE
    case 's':
      return state.canDecide ? { type: 'release' } : NONE
    case 'Enter':
      // on the list: open (claim) the highlighted appeal
      return { type: 'open' }
    default:
      return NONE
  }
}

function confirmCommand(state: KeyState): KeyCommand {
  if (!state.canDecide) return NONE
  if (state.mode === 'reject' && state.rejectReason) return { type: 'confirm', outcome: 'rejected', code: state.rejectReason }
  if (state.mode === 'needs_info' && state.needs.length > 0) return { type: 'confirm', outcome: 'needs_info', codes: [...state.needs] }
  return NONE
}

/** The state after a command the page carried out (pure too, so a test can walk a whole sequence). */
export function reduceKeyState(state: KeyState, cmd: KeyCommand): KeyState {
  switch (cmd.type) {
    case 'open_reject':
      return { ...state, mode: 'reject', rejectReason: null, needs: [] }
    case 'open_needs_info':
      return { ...state, mode: 'needs_info', rejectReason: null, needs: [] }
    case 'pick_reject':
      return { ...state, rejectReason: cmd.code }
    case 'toggle_need': {
      const has = state.needs.includes(cmd.code)
      const needs = has ? state.needs.filter((c) => c !== cmd.code) : [...state.needs, cmd.code]
      // keep the checklist in its fixed order, whatever order the keys came in
      return { ...state, needs: NEEDS_INFO_CODES.filter((c) => needs.includes(c)) }
    }
    case 'help':
      return { ...state, mode: 'help' }
    case 'cancel':
    case 'confirm':
    case 'approve':
    case 'release':
      return { ...state, mode: 'idle', rejectReason: null, needs: [] }
    default:
      return state
  }
}
