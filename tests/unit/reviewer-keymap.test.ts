import { INITIAL_KEY_STATE, keyCommand, reduceKeyState, type KeyCommand, type KeyState } from '../../src/reviewer/keymap'
import { NEEDS_INFO_CODES, REJECT_REASON_CODES } from '../../types/appeal'

const ready: KeyState = { ...INITIAL_KEY_STATE, canDecide: true }

/** Presses keys in order, carrying out each command's state change, and returns the commands. */
function press(state: KeyState, keys: string[]): { cmds: KeyCommand[]; state: KeyState } {
  const cmds: KeyCommand[] = []
  let s = state
  for (const key of keys) {
    const cmd = keyCommand(s, { key })
    cmds.push(cmd)
    s = reduceKeyState(s, cmd)
  }
  return { cmds, state: s }
}

describe('reviewer key map', () => {
  it('A approves, S releases, J/K move in the list, ? shows help', () => {
    expect(keyCommand(ready, { key: 'a' })).toEqual({ type: 'approve' })
    expect(keyCommand(ready, { key: 'A' })).toEqual({ type: 'approve' })
    expect(keyCommand(ready, { key: 's' })).toEqual({ type: 'release' })
    expect(keyCommand(ready, { key: 'j' })).toEqual({ type: 'next' })
    expect(keyCommand(ready, { key: 'k' })).toEqual({ type: 'prev' })
    expect(keyCommand(ready, { key: '?' })).toEqual({ type: 'help' })
    expect(keyCommand({ ...ready, canDecide: false }, { key: 'Enter' })).toEqual({ type: 'open' })
  })

  it('R, then a digit picks the reason in REJECT_REASON_CODES order, Enter confirms', () => {
    const { cmds, state } = press(ready, ['r', '3', 'Enter'])
    expect(cmds[0]).toEqual({ type: 'open_reject' })
    expect(cmds[1]).toEqual({ type: 'pick_reject', code: REJECT_REASON_CODES[2] })
    expect(cmds[2]).toEqual({ type: 'confirm', outcome: 'rejected', code: 'test_too_old' })
    expect(state.mode).toBe('idle')
    // each digit 1–9 maps to its code
    REJECT_REASON_CODES.forEach((code, i) => {
      expect(keyCommand({ ...ready, mode: 'reject' }, { key: String(i + 1) })).toEqual({ type: 'pick_reject', code })
    })
  })

  it('Enter without a reason does nothing; a later digit changes the pick', () => {
    const { cmds } = press(ready, ['r', 'Enter', '1', '2', 'Enter'])
    expect(cmds[1]).toEqual({ type: 'none' })
    expect(cmds[4]).toEqual({ type: 'confirm', outcome: 'rejected', code: REJECT_REASON_CODES[1] })
  })

  it('in the reject panel, letters do not approve or release', () => {
    const s = { ...ready, mode: 'reject' as const }
    expect(keyCommand(s, { key: 'a' })).toEqual({ type: 'none' })
    expect(keyCommand(s, { key: 's' })).toEqual({ type: 'none' })
    expect(keyCommand(s, { key: 'Escape' })).toEqual({ type: 'cancel' })
  })

  it('N opens the needs-info checklist; digits toggle items (kept in code order); Enter confirms them all', () => {
    const { cmds, state } = press(ready, ['n', '3', '1', '3', '2', 'Enter'])
    expect(cmds[0]).toEqual({ type: 'open_needs_info' })
    expect(cmds[1]).toEqual({ type: 'toggle_need', code: NEEDS_INFO_CODES[2] })
    expect(cmds[5]).toEqual({ type: 'confirm', outcome: 'needs_info', codes: ['popup_shot', 'negative_test'] })
    expect(state.mode).toBe('idle')
    expect(keyCommand({ ...ready, mode: 'needs_info' }, { key: '6' })).toEqual({ type: 'none' })
  })

  it('needs-info with nothing ticked cannot be confirmed', () => {
    expect(press(ready, ['n', 'Enter']).cmds[1]).toEqual({ type: 'none' })
  })

  it('nothing decides while the appeal cannot be decided (not held, or a request in flight)', () => {
    const idle = { ...ready, canDecide: false }
    for (const key of ['a', 'r', 'n', 's']) expect(keyCommand(idle, { key })).toEqual({ type: 'none' })
    expect(keyCommand({ ...idle, mode: 'reject', rejectReason: 'other' }, { key: 'Enter' })).toEqual({ type: 'none' })
    // moving in the list still works
    expect(keyCommand(idle, { key: 'j' })).toEqual({ type: 'next' })
  })

  it('typing in the note is typing, not commands; Esc and Ctrl+Enter still work', () => {
    const typing = { ...ready, mode: 'reject' as const, rejectReason: 'other' as const, editing: true }
    for (const key of ['a', 's', '1', 'Enter', '?']) expect(keyCommand(typing, { key })).toEqual({ type: 'none' })
    expect(keyCommand(typing, { key: 'Escape' })).toEqual({ type: 'cancel' })
    expect(keyCommand(typing, { key: 'Enter', ctrl: true })).toEqual({ type: 'confirm', outcome: 'rejected', code: 'other' })
  })

  it('browser shortcuts with modifiers are left alone', () => {
    expect(keyCommand(ready, { key: 'r', ctrl: true })).toEqual({ type: 'none' })
    expect(keyCommand(ready, { key: 'a', meta: true })).toEqual({ type: 'none' })
    expect(keyCommand(ready, { key: 'n', alt: true })).toEqual({ type: 'none' })
  })

  it('the help overlay closes on any key, without acting', () => {
    const { cmds, state } = press(ready, ['?', 'a'])
    expect(cmds[1]).toEqual({ type: 'cancel' })
    expect(state.mode).toBe('idle')
  })

  it('R and N switch panels directly', () => {
    const { cmds, state } = press(ready, ['r', 'n', '1', 'r'])
    expect(cmds.map((c) => c.type)).toEqual(['open_reject', 'open_needs_info', 'toggle_need', 'open_reject'])
    expect(state.mode).toBe('reject')
    expect(state.needs).toEqual([])
  })

  it('Escape with nothing open does nothing', () => {
    expect(keyCommand(ready, { key: 'Escape' })).toEqual({ type: 'none' })
  })

  it('on the queue list the arrow keys move like J/K; elsewhere they are left to scroll', () => {
    const list = { ...ready, canDecide: false, list: true }
    expect(keyCommand(list, { key: 'ArrowDown' })).toEqual({ type: 'next' })
    expect(keyCommand(list, { key: 'ArrowUp' })).toEqual({ type: 'prev' })
    expect(keyCommand(ready, { key: 'ArrowDown' })).toEqual({ type: 'none' })
    expect(keyCommand(ready, { key: 'ArrowUp' })).toEqual({ type: 'none' })
  })

  it('a focused button keeps its own Enter and Space; the letter shortcuts still work there', () => {
    const onButton = { ...ready, control: true, list: true }
    expect(keyCommand(onButton, { key: 'Enter' })).toEqual({ type: 'none' })
    expect(keyCommand(onButton, { key: ' ' })).toEqual({ type: 'none' })
    expect(keyCommand(onButton, { key: 'a' })).toEqual({ type: 'approve' })
    expect(keyCommand(onButton, { key: 'j' })).toEqual({ type: 'next' })
    // the help overlay still closes on any key, its close button included
    expect(keyCommand({ ...onButton, mode: 'help' }, { key: 'Enter' })).toEqual({ type: 'cancel' })
    // not on a button: Enter opens the selected row
    expect(keyCommand({ ...ready, canDecide: false, list: true }, { key: 'Enter' })).toEqual({ type: 'open' })
  })
})
