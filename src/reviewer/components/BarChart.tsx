// A bar chart made of Views: no chart library, runs the same on weapp and h5.
import { Text, View } from '@tarojs/components'

export interface Bar {
  label: string
  value: number
  /** stacked parts, e.g. per status; their values add up to value */
  parts?: { key: string; value: number; color: string }[]
}

export default function BarChart({ id, bars, unit = '', empty = '暂无数据' }: { id: string; bars: Bar[]; unit?: string; empty?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value))
  if (bars.length === 0) return <Text className='muted'>{empty}</Text>
  return (
    <View className='bars' id={id}>
      {bars.map((b) => (
        <View className='bars__row' key={b.label} data-label={b.label} data-value={b.value}>
          <Text className='bars__label'>{b.label}</Text>
          <View className='bars__track'>
            {b.parts && b.parts.length ? (
              b.parts.map((p) => (
                <View key={p.key} className='bars__fill' style={{ width: `${(p.value / max) * 100}%`, background: p.color }} />
              ))
            ) : (
              <View className='bars__fill' style={{ width: `${(b.value / max) * 100}%` }} />
            )}
          </View>
          <Text className='bars__value'>
            {b.value}
            {unit}
          </Text>
        </View>
      ))}
    </View>
  )
}
