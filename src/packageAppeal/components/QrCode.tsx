import { View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

/** Dark runs of one row as [start, length] pairs: far fewer nodes than one per module. */
export function qrRows(text: string): { size: number; rows: [number, number][][] } {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const size = qr.getModuleCount()
  const rows: [number, number][][] = []
  for (let r = 0; r < size; r++) {
    const runs: [number, number][] = []
    let start = -1
    for (let c = 0; c <= size; c++) {
      const dark = c < size && qr.isDark(r, c)
      if (dark && start < 0) start = c
      if (!dark && start >= 0) {
        runs.push([start, c - start])
        start = -1
      }
    }
    rows.push(runs)
  }
  return { size, rows }
}

const QUIET = 4

/** A QR code drawn with Views (works on weapp and h5; no DOM or canvas APIs). */
export default function QrCode({ text, id }: { text: string; id?: string }) {
  const { size, rows } = useMemo(() => qrRows(text), [text])
  const total = size + QUIET * 2
  const pct = (n: number) => `${(n * 100) / total}%`
  return (
    <View className='qr' id={id} data-modules={size} aria-label='检测凭证二维码' style={{ position: 'relative', width: '100%', paddingTop: '100%', background: '#fff' }}>
      {rows.map((runs, r) =>
        runs.map(([c, len]) => (
          <View
            key={`${r}-${c}`}
            style={{
              position: 'absolute',
              background: '#000',
              top: pct(r + QUIET),
              left: pct(c + QUIET),
              width: pct(len),
              height: pct(1.04)
            }}
          />
        ))
      )}
    </View>
  )
}
