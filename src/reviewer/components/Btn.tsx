// A reviewer control that is a real button everywhere. Taro's h5 Button is a <taro-button-core> custom
// element: no button role, not reachable by Tab, deaf to Enter/Space. On h5 this renders a native <button>
// (role, focus, keyboard and `disabled` for free); on weapp the Taro Button, with the aria-* attributes
// WeChat's screen reader reads (base library ≥ 2.7.1).
import { Button } from '@tarojs/components'
import type { ReactNode } from 'react'

export interface BtnProps {
  id?: string
  className?: string
  disabled?: boolean
  /** the accessible name when the visible text is a symbol (＋, ⟳) or leaves out what the button acts on */
  label?: string
  /** toggle buttons (filters, status tabs) */
  pressed?: boolean
  /** a choice in a group (reject reasons, needs-info items): radio or checkbox semantics on a real button */
  choice?: { role: 'radio' | 'checkbox'; checked: boolean }
  onClick?: () => void
  children: ReactNode
}

export default function Btn({ id, className = 'btn', disabled, label, pressed, choice, onClick, children }: BtnProps) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <button
        type='button'
        id={id}
        className={className}
        disabled={disabled || undefined}
        aria-label={label}
        aria-pressed={pressed === undefined ? undefined : pressed}
        role={choice?.role}
        aria-checked={choice ? choice.checked : undefined}
        onClick={onClick}
      >
        {children}
      </button>
    )
  }
  return (
    <Button
      id={id}
      className={className}
      disabled={disabled || undefined}
      aria-role={choice?.role ?? 'button'}
      aria-label={label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      aria-checked={choice ? choice.checked : undefined}
      onClick={onClick}
    >
      {children}
    </Button>
  )
}
