// Small hand mocks of Taro's components: enough DOM for @testing-library/react.
import { createElement, type ReactNode } from 'react'

type AnyProps = Record<string, unknown> & { children?: ReactNode }

function pass(props: AnyProps, drop: string[] = []) {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(props)) {
    if (k === 'className' || k === 'id' || k === 'style' || k === 'role' || k.startsWith('aria-') || k.startsWith('data-')) out[k] = v
    else if (k === 'onClick' && !drop.includes(k)) out[k] = v
  }
  return out
}

export const View = ({ children, ...p }: AnyProps) => createElement('div', pass(p), children)
export const Text = ({ children, ...p }: AnyProps) => createElement('span', pass(p), children)
export const Button = ({ children, disabled, loading: _loading, ...p }: AnyProps) =>
  createElement('button', { ...pass(p), disabled: Boolean(disabled), type: 'button' }, children)
export const Image = ({ src, mode, ...p }: AnyProps) => createElement('img', { ...pass(p), src, 'data-mode': mode, alt: '' })

export const Input = ({ value, onInput, placeholder, password, type, ...p }: AnyProps) =>
  createElement('input', {
    ...pass(p),
    value: (value as string) ?? '',
    placeholder,
    type: password ? 'password' : 'text',
    'data-type': type,
    onChange: (e: { target: { value: string } }) => (onInput as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } })
  })

export const Textarea = ({ value, onInput, placeholder, ...p }: AnyProps) =>
  createElement('textarea', {
    ...pass(p),
    value: (value as string) ?? '',
    placeholder,
    onChange: (e: { target: { value: string } }) => (onInput as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } })
  })

/** A picker renders its children; tests fire `change` with the new value via data-picker. */
export const Picker = ({ children, onChange, mode, value, ...p }: AnyProps) =>
  createElement(
    'div',
    {
      ...pass(p),
      'data-mode': mode,
      'data-value': String(value),
      onChange: (e: { target: { value?: string } }) => (onChange as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } })
    },
    children
  )
