import { Text, View } from '@tarojs/components'
import { Tap } from './A11y'
import { useBigText, usePrefs } from '../stores/prefs'

/** 大字模式: bigger type and taps on every page (remembered on this phone). */
export default function BigTextSwitch() {
  const on = useBigText()
  const setBigText = usePrefs((s) => s.setBigText)
  return (
    <Tap className='big-switch' id='big-text-switch' role='switch' checked={on} label='大字模式' onClick={() => setBigText(!on)}>
      <Text className='big-switch__label'>大字模式</Text>
      <Text className='big-switch__state' id='big-text-state'>
        {on ? '已开启' : '已关闭'}
      </Text>
      {/* a drawn toggle (not <Switch>): one template fewer in the main package's base.wxml */}
      <View className={`big-switch__track${on ? ' big-switch__track--on' : ''}`} aria-hidden='true'>
        <View className='big-switch__knob' />
      </View>
    </Tap>
  )
}
