// Controls that assistive technology can reach. On h5, Taro's <Button>/<View> render custom elements
// (taro-button-core…) that a screen reader does not announce and Tab does not reach, so the h5 build (and
// the jsdom unit tests) use native elements; the WeChat build keeps Taro's components, whose native button
// is accessible already and whose views carry aria-role/aria-label (read by base library ≥ 2.7.1).
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import type { ReactNode } from 'react'

export const IS_WEAPP = process.env.TARO_ENV === 'weapp'

// a constant condition: webpack drops the require from the WeChat build
if (process.env.TARO_ENV !== 'weapp') require('../styles/a11y-h5.scss')

interface BtnProps {
  id?: string
  className?: string
  disabled?: boolean
  /** spoken name when the visible text is not enough (e.g. an icon) */
  label?: string
  onClick?: () => void
  children: ReactNode
}

/** A push button: a native <button> on h5, Taro's Button on WeChat. */
export function Btn({ id, className, disabled, label, onClick, children }: BtnProps) {
  if (IS_WEAPP) {
    return (
      <Button id={id} className={className} disabled={disabled || undefined} ariaLabel={label} onClick={disabled ? undefined : onClick}>
        {children}
      </Button>
    )
  }
  return (
    <button type='button' id={id} className={className} disabled={disabled || undefined} aria-label={label} onClick={disabled ? undefined : onClick}>
      {children}
    </button>
  )
}

interface TapProps {
  id?: string
  className?: string
  role?: 'button' | 'radio' | 'switch' | 'link' | 'checkbox'
  /** radio/switch/checkbox state */
  checked?: boolean
  label?: string
  /** "step": the current step of a stepper */
  current?: 'step' | 'page'
  onClick?: () => void
  children: ReactNode
}

/**
 * Anything else that is tapped (choice cards, chips, links, switches): a role, a name, a Tab stop and
 * Enter/Space on h5; aria-role/aria-label on WeChat.
 */
export function Tap({ id, className, role = 'button', checked, label, current, onClick, children }: TapProps) {
  const state = role === 'button' || role === 'link' ? undefined : Boolean(checked)
  if (IS_WEAPP) {
    return (
      <View id={id} className={className} ariaRole={role} ariaLabel={label} aria-checked={state} onClick={onClick}>
        {children}
      </View>
    )
  }
  return (
    <div
      id={id}
      className={className}
      role={role}
      tabIndex={0}
      aria-checked={state}
      aria-label={label}
      aria-current={current}
      onClick={onClick}
      onKeyDown={(e) => {
        // what a native button does; Space would otherwise scroll the page
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          // without a handler of its own (a picker's face), the click reaches the picker that wraps it
          if (onClick) onClick()
          else (e.currentTarget as HTMLElement).click()
        }
      }}
    >
      {children}
    </div>
  )
}

/** An image with its text alternative; tappable (to enlarge) when onClick is given. */
export function Picture({ id, className, src, alt, onClick }: { id?: string; className?: string; src: string; alt: string; onClick?: () => void }) {
  if (IS_WEAPP) {
    return <Image id={id} className={className} src={src} mode='aspectFit' ariaLabel={alt} onClick={onClick} />
  }
  const img = <img id={onClick ? undefined : id} className={className} src={src} alt={alt} style={{ objectFit: 'contain' }} />
  if (!onClick) return img
  return (
    <button type='button' id={id} className='picture-button' aria-label={`查看大图：${alt}`} onClick={onClick}>
      {img}
    </button>
  )
}

interface FieldProps {
  /** the box's id; the h5 control inside is `${id}-el` */
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  /** idcard / number / digit: the keypad that fits (WeChat types; inputmode on h5) */
  type?: 'text' | 'idcard' | 'number' | 'digit'
  maxlength?: number
  placeholder?: string
  className?: string
  invalid?: boolean
  /** id of the hint or error that explains the field */
  describedBy?: string
  onBlur?: () => void
}

const INPUT_MODE = { text: undefined, idcard: 'text', number: 'numeric', digit: 'decimal' } as const

/** A labelled text field: the label is tied to the input (h5: <label for>; WeChat: aria-label). */
export function TextField({ id, label, value, onInput, type = 'text', maxlength, placeholder, className, invalid, describedBy, onBlur }: FieldProps) {
  if (IS_WEAPP) {
    return (
      <>
        <Text className='field__label'>{label}</Text>
        <Input
          id={id}
          type={type}
          className={className}
          value={value}
          maxlength={maxlength}
          placeholder={placeholder}
          ariaLabel={label}
          onInput={(e) => onInput(e.detail.value)}
          onBlur={onBlur}
        />
      </>
    )
  }
  return (
    <>
      <label className='field__label' htmlFor={`${id}-el`}>
        {label}
      </label>
      <div id={id} className={className}>
        <input
          id={`${id}-el`}
          className='field__control'
          type='text'
          inputMode={INPUT_MODE[type]}
          autoComplete='off'
          value={value}
          maxLength={maxlength}
          placeholder={placeholder}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onInput(e.target.value)}
          onBlur={onBlur}
        />
      </div>
    </>
  )
}

/** A labelled multi-line field. */
export function TextBox({ id, label, value, onInput, maxlength, placeholder, className, describedBy }: Omit<FieldProps, 'type' | 'invalid' | 'onBlur'>) {
  if (IS_WEAPP) {
    return (
      <>
        <Text className='field__label'>{label}</Text>
        <Textarea id={id} className={className} value={value} maxlength={maxlength} placeholder={placeholder} ariaLabel={label} onInput={(e) => onInput(e.detail.value)} />
      </>
    )
  }
  return (
    <>
      <label className='field__label' htmlFor={`${id}-el`}>
        {label}
      </label>
      <div id={id}>
        <textarea
          id={`${id}-el`}
          className={className}
          value={value}
          maxLength={maxlength}
          placeholder={placeholder}
          aria-describedby={describedBy}
          onChange={(e) => onInput(e.target.value)}
        />
      </div>
    </>
  )
}
