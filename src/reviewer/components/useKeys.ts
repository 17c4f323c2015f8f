// h5 only: feed keydown events through the pure key map (../keymap) to a page's handler.
import { useEffect, useRef } from 'react'
import { keyCommand, type KeyCommand, type KeyState } from '../keymap'

function isEditing(): boolean {
  const el = document.activeElement as HTMLElement | null
  if (!el) return false
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}

const CONTROL_ROLES = ['button', 'radio', 'checkbox', 'link', 'tab', 'switch']

/** Focus on a button-like control: its Enter/Space are the browser's (a click), not a list command. */
function onControl(): boolean {
  const el = document.activeElement as HTMLElement | null
  if (!el || el === document.body) return false
  return el.tagName === 'BUTTON' || el.tagName === 'A' || CONTROL_ROLES.includes(el.getAttribute('role') ?? '')
}

/**
 * Taro's h5 router keeps earlier pages of the stack mounted (hidden): only the page on top may act on a key.
 * `anchorId` is an element of the calling page.
 */
function onTopPage(anchorId: string): boolean {
  const el = document.getElementById(anchorId)
  if (!el) return false
  const page = el.closest('.taro_page')
  if (!page) return true
  const pages = document.querySelectorAll('.taro_router > .taro_page')
  return pages.length === 0 || pages[pages.length - 1] === page
}

export function useKeys(state: Omit<KeyState, 'editing' | 'control'>, run: (cmd: KeyCommand) => void, anchorId: string): void {
  const ref = useRef({ state, run })
  ref.current = { state, run }
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || !onTopPage(anchorId)) return
      const cmd = keyCommand(
        { ...ref.current.state, editing: isEditing(), control: onControl() },
        { key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey }
      )
      if (cmd.type === 'none') return
      e.preventDefault()
      ref.current.run(cmd)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [anchorId])
}
