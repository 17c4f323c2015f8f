import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { SHORTCUTS } from '../keymap'
import Btn from './Btn'

export default function ShortcutHelp({ onClose }: { onClose: () => void }) {
  // a dialog takes the focus, so a screen reader announces it and Tab stays in it
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const back = document.activeElement as HTMLElement | null
    document.getElementById('btn-help-close')?.focus()
    return () => back?.focus?.()
  }, [])
  return (
    <View className='keyhelp' id='shortcut-help' onClick={onClose}>
      <View className='keyhelp__box' role='dialog' aria-modal='true' aria-labelledby='shortcut-help-title'>
        <Text className='card__title' id='shortcut-help-title'>
          键盘快捷键
        </Text>
        {SHORTCUTS.map((s) => (
          <View className='keyhelp__row' key={s.keys}>
            <Text className='keyhelp__key'>{s.keys}</Text>
            <Text>{s.what}</Text>
          </View>
        ))}
        <Text className='muted'>按任意键关闭</Text>
        <Btn className='btn btn--small' id='btn-help-close' onClick={onClose}>
          关闭
        </Btn>
      </View>
    </View>
  )
}
