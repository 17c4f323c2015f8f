// One screenshot with zoom, pan and rotate. h5: CSS transforms driven by wheel, drag, pinch and buttons;
// weapp: MovableArea/MovableView (pinch + drag) with a rotate button, and a tap opens the system previewer.
import { Image, MovableArea, MovableView, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import Btn from './Btn'
import './ShotViewer.scss'

interface Props {
  id: string
  src: string
  label: string
  /** the image's text alternative (「弹窗截图」, 「第 1 次核酸截图」) */
  alt: string
  caption?: string
  /** all screenshots of the appeal, for the weapp previewer */
  all?: string[]
}

interface View2D {
  scale: number
  x: number
  y: number
  rotate: number
}

const START: View2D = { scale: 1, x: 0, y: 0, rotate: 0 }
const MIN = 0.5
const MAX = 6
const clamp = (s: number) => Math.max(MIN, Math.min(MAX, s))

export default function ShotViewer({ id, src, label, alt, caption, all }: Props) {
  const [v, setV] = useState<View2D>(START)
  const vRef = useRef(v)
  vRef.current = v
  const frameId = `${id}-frame`

  useEffect(() => setV(START), [src])

  // h5: raw DOM events on the frame (wheel needs passive: false to keep the page from scrolling)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const el = document.getElementById(frameId)
    if (!el) return
    let drag: { x: number; y: number; ox: number; oy: number } | null = null
    let pinch: { d: number; s: number } | null = null
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const s = vRef.current.scale
      setV({ ...vRef.current, scale: clamp(s * (e.deltaY < 0 ? 1.15 : 1 / 1.15)) })
    }
    const onDown = (e: MouseEvent) => {
      e.preventDefault()
      drag = { x: e.clientX, y: e.clientY, ox: vRef.current.x, oy: vRef.current.y }
    }
    const onMove = (e: MouseEvent) => {
      if (!drag) return
      setV({ ...vRef.current, x: drag.ox + e.clientX - drag.x, y: drag.oy + e.clientY - drag.y })
    }
    const onUp = () => {
      drag = null
    }
    const dist = (t: TouchList) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY)
    const onTouchStart = (e: TouchEvent) => {
      if (e.touches.length === 2) pinch = { d: dist(e.touches), s: vRef.current.scale }
      else if (e.touches.length === 1 && vRef.current.scale > 1)
        drag = { x: e.touches[0].clientX, y: e.touches[0].clientY, ox: vRef.current.x, oy: vRef.current.y }
    }
    const onTouchMove = (e: TouchEvent) => {
      if (pinch && e.touches.length === 2) {
        e.preventDefault()
        setV({ ...vRef.current, scale: clamp((pinch.s * dist(e.touches)) / pinch.d) })
      } else if (drag && e.touches.length === 1) {
        e.preventDefault()
        setV({ ...vRef.current, x: drag.ox + e.touches[0].clientX - drag.x, y: drag.oy + e.touches[0].clientY - drag.y })
      }
    }
    const onTouchEnd = () => {
      pinch = null
      drag = null
    }
    const onDbl = () => setV(START)
    el.addEventListener('wheel', onWheel, { passive: false })
    el.addEventListener('mousedown', onDown)
    window.addEventListener('mousemove', onMove)
    window.addEventListener('mouseup', onUp)
    el.addEventListener('touchstart', onTouchStart, { passive: true })
    el.addEventListener('touchmove', onTouchMove, { passive: false })
    el.addEventListener('touchend', onTouchEnd)
    el.addEventListener('dblclick', onDbl)
    return () => {
      el.removeEventListener('wheel', onWheel)
      el.removeEventListener('mousedown', onDown)
      window.removeEventListener('mousemove', onMove)
      window.removeEventListener('mouseup', onUp)
      el.removeEventListener('touchstart', onTouchStart)
      el.removeEventListener('touchmove', onTouchMove)
      el.removeEventListener('touchend', onTouchEnd)
      el.removeEventListener('dblclick', onDbl)
    }
  }, [frameId])

  const zoom = (f: number) => setV({ ...v, scale: clamp(v.scale * f) })
  const rotate = () => setV({ ...v, rotate: (v.rotate + 90) % 360 })
  const transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale}) rotate(${v.rotate}deg)`

  return (
    <View className='viewer'>
      <View className='viewer__head'>
        <Text className='viewer__label'>{label}</Text>
        <View className='viewer__tools' role='group' aria-label={`${alt}：缩放与旋转`}>
          <Btn className='viewer__tool' id={`${id}-zoom-out`} label={`缩小${alt}`} onClick={() => zoom(1 / 1.25)}>
            －
          </Btn>
          <Text className='viewer__scale' aria-live='polite'>
            {Math.round(v.scale * 100)}%
          </Text>
          <Btn className='viewer__tool' id={`${id}-zoom-in`} label={`放大${alt}`} onClick={() => zoom(1.25)}>
            ＋
          </Btn>
          <Btn className='viewer__tool' id={`${id}-rotate`} label={`旋转${alt}`} onClick={rotate}>
            ⟳
          </Btn>
          <Btn className='viewer__tool' id={`${id}-reset`} label={`1:1 ${alt}恢复原始大小`} onClick={() => setV(START)}>
            1:1
          </Btn>
        </View>
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <MovableArea className='viewer__frame' scaleArea>
          <MovableView className='viewer__movable' direction='all' scale scaleMin={MIN} scaleMax={MAX} scaleValue={v.scale}>
            <Image
              id={id}
              className='viewer__img'
              src={src}
              mode='aspectFit'
              aria-label={alt}
              style={{ transform: `rotate(${v.rotate}deg)` }}
              onClick={() => Taro.previewImage({ urls: all ?? [src], current: src })}
            />
          </MovableView>
        </MovableArea>
      ) : (
        <View className='viewer__frame' id={frameId}>
          <View className='viewer__stage' style={{ transform }} data-scale={v.scale} data-rotate={v.rotate}>
            <Image id={id} className='viewer__img' src={src} mode='aspectFit' nativeProps={{ alt }} />
          </View>
        </View>
      )}
      {caption ? <Text className='viewer__caption'>{caption}</Text> : null}
    </View>
  )
}
