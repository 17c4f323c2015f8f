// Screenshots are compressed on the phone before upload: Taro.compressImage on weapp,
// a canvas re-encode on h5 (downscaled to at most MAX_WIDTH wide, JPEG). Text stays legible at 1080 px.
import Taro from '@tarojs/taro'
import { IS_WEAPP } from './config'

export const MAX_WIDTH = 1080
export const JPEG_QUALITY = 0.8

/** Target size for an image of the given size: never wider than MAX_WIDTH, aspect kept. */
export function targetSize(width: number, height: number, maxWidth = MAX_WIDTH): { width: number; height: number } {
  if (width <= maxWidth) return { width, height }
  return { width: maxWidth, height: Math.round((height * maxWidth) / width) }
}

function canvasCompress(path: string): Promise<string> {
  return new Promise((resolve) => {
    const img = new (window as unknown as { Image: typeof Image }).Image()
    img.onload = () => {
      try {
        const { width, height } = targetSize(img.naturalWidth, img.naturalHeight)
        const canvas = document.createElement('canvas')
        canvas.width = width
        canvas.height = height
        const ctx = canvas.getContext('2d')
        if (!ctx) return resolve(path)
        // screenshots may have transparency; JPEG needs a background
        ctx.fillStyle = '#fff'
        ctx.fillRect(0, 0, width, height)
        ctx.drawImage(img, 0, 0, width, height)
        canvas.toBlob(
          (blob) => resolve(blob ? URL.createObjectURL(blob) : path),
          'image/jpeg',
          JPEG_QUALITY
        )
      } catch {
        resolve(path)
      }
    }
    img.onerror = () => resolve(path)
    img.src = path
  })
}

/** A compressed copy of the picked image (its local path); the original when compression is unavailable. */
export async function compressScreenshot(path: string): Promise<string> {
  try {
    if (IS_WEAPP) {
      const info = await Taro.getImageInfo({ src: path })
      const { width } = targetSize(info.width, info.height)
      const res = await Taro.compressImage({
        src: path,
        quality: Math.round(JPEG_QUALITY * 100),
        ...(width < info.width ? { compressedWidth: width } : {})
      } as Taro.compressImage.Option)
      return res.tempFilePath || path
    }
    if (typeof document === 'undefined' || typeof URL === 'undefined' || !URL.createObjectURL) return path
    return await canvasCompress(path)
  } catch {
    return path
  }
}
