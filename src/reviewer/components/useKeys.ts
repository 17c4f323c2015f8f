// h5 only: feed keydown events through the pure key map (../keymap) to a page's handler.
import { useEffect, useRef } from 'react'
import { keyCommand, type KeyCommand, type KeyState } from '../keymap'

function isEditing(): boolean {
  const el = document.activeElement as HTMLElement | null
  if (!el) return false
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}

export function useKeys(state: Omit<KeyState, 'editing'>, run: (cmd: KeyCommand) => void): void {
  const ref = useRef({ state, run })
  ref.current = { state, run }
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return
      const cmd = keyCommand({ ...ref.current.state, editing: isEditing() }, { key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey })
      if (cmd.type === 'none') return
      e.preventDefault()
      ref.current.run(cmd)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
