import { Text, View } from '@tarojs/components'
import { SHORTCUTS } from '../keymap'

export default function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <View className='keyhelp' id='shortcut-help' onClick={onClose}>
      <View className='keyhelp__box'>
        <Text className='card__title'>键盘快捷键</Text>
        {SHORTCUTS.map((s) => (
          <View className='keyhelp__row' key={s.keys}>
            <Text className='keyhelp__key'>{s.keys}</Text>
            <Text>{s.what}</Text>
          </View>
        ))}
        <Text className='muted'>按任意键关闭</Text>
      </View>
    </View>
  )
}
