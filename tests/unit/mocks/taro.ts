// A small hand mock of @tarojs/taro for jsdom tests: in-memory storage, jest.fn network and navigation.
import { useEffect } from 'react'

// shared across jest.isolateModules registries, so a re-imported store sees what was "on the phone"
const g = globalThis as unknown as { __taroStorage?: Map<string, unknown> }
export const storage: Map<string, unknown> = (g.__taroStorage ??= new Map<string, unknown>())

export const routerParams: { current: Record<string, string> } = { current: {} }

const ok = <T,>(v?: T) => jest.fn(() => Promise.resolve(v as T))

const Taro = {
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  request: jest.fn(),
  uploadFile: jest.fn(),
  chooseImage: jest.fn(() => Promise.resolve({ tempFilePaths: ['blob:mock-1'] })),
  login: jest.fn(() => Promise.resolve({ code: 'mock-code' })),
  navigateTo: ok(),
  redirectTo: ok(),
  showToast: ok(),
  previewImage: ok(),
  pageScrollTo: ok(),
  setClipboardData: ok(),
  stopPullDownRefresh: jest.fn(),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  getSystemInfoSync: jest.fn(() => ({ fontSizeSetting: 16 })),
  getImageInfo: jest.fn(() => Promise.resolve({ width: 1080, height: 2340 })),
  compressImage: jest.fn((o: { src: string }) => Promise.resolve({ tempFilePath: `${o.src}#small` })),
  requestSubscribeMessage: jest.fn(() => Promise.resolve({})),
  navigateBack: ok(),
  setScreenBrightness: ok()
}

export function useRouter() {
  return { params: routerParams.current, path: '' }
}

export function useDidShow(cb: () => void) {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => cb(), [])
}

export function useDidHide(_cb: () => void) {}

export function usePullDownRefresh(_cb: () => void) {}

export function resetTaroMock() {
  storage.clear()
  routerParams.current = {}
  Object.values(Taro).forEach((fn) => (fn as jest.Mock).mockClear?.())
}

export const getStorageSync = Taro.getStorageSync
export const setStorageSync = Taro.setStorageSync
export const removeStorageSync = Taro.removeStorageSync

export default Taro
