// Device pickers and viewers.
import Taro from '@tarojs/taro'

/** Ask for one screenshot (album or camera); null when the user cancels. */
export async function chooseScreenshot(): Promise<string | null> {
  try {
    const res = await Taro.chooseImage({ count: 1, sizeType: ['original', 'compressed'], sourceType: ['album', 'camera'] })
    return res.tempFilePaths?.[0] ?? null
  } catch {
    return null
  }
}

export function previewImages(urls: string[], current: string): void {
  Taro.previewImage({ urls, current }).catch(() => undefined)
}
