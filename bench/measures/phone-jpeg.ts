// The screenshot as the phone sends it: src/services/compress.ts's h5 canvas path emulated with sharp
// (≤ MAX_WIDTH px wide, white under transparency, JPEG at JPEG_QUALITY). The constants are read from that file
// so the bench follows the app when they change.
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { ROOT, SAMPLES } from '../lib/options'

export interface PhoneJpeg {
  png: Buffer
  jpeg: Buffer
  width: number
  height: number
  jpegWidth: number
  jpegHeight: number
  maxWidth: number
  quality: number
}

export async function phoneJpeg(sample = 'popup.png'): Promise<PhoneJpeg> {
  const src = fs.readFileSync(path.join(ROOT, 'src/services/compress.ts'), 'utf8')
  const maxWidth = Number(/MAX_WIDTH\s*=\s*(\d+)/.exec(src)?.[1] ?? 1080)
  const quality = Number(/JPEG_QUALITY\s*=\s*([\d.]+)/.exec(src)?.[1] ?? 0.8)
  const png = fs.readFileSync(path.join(SAMPLES, sample))
  const meta = await sharp(png).metadata()
  const { data: jpeg, info } = await sharp(png)
    .resize({ width: maxWidth, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: Math.round(quality * 100) })
    .toBuffer({ resolveWithObject: true })
  return { png, jpeg, width: meta.width ?? 0, height: meta.height ?? 0, jpegWidth: info.width, jpegHeight: info.height, maxWidth, quality }
}
