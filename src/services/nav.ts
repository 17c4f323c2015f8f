// Page navigation wrappers (so pages and stores never hard-code Taro routing calls twice).
import Taro from '@tarojs/taro'

export const go = (url: string) => Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }))
export const replace = (url: string) => Taro.redirectTo({ url })
export const toast = (title: string) => Taro.showToast({ title, icon: 'none', duration: 2500 }).catch(() => undefined)
