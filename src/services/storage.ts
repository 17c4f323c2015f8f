// Taro storage behind the interfaces the stores need: zustand `persist` and plain key/value.
import Taro from '@tarojs/taro'
import { createJSONStorage, type StateStorage } from 'zustand/middleware'

export const taroStateStorage: StateStorage = {
  getItem: (name) => {
    try {
      const value = Taro.getStorageSync(name)
      return typeof value === 'string' && value !== '' ? value : null
    } catch {
      return null
    }
  },
  setItem: (name, value) => {
    try {
      Taro.setStorageSync(name, value)
    } catch {
      // storage full or unavailable: the draft simply does not survive a restart
    }
  },
  removeItem: (name) => {
    try {
      Taro.removeStorageSync(name)
    } catch {
      // nothing to remove
    }
  }
}

/** For zustand `persist({ storage: taroJSONStorage() })`. */
export function taroJSONStorage<S>() {
  return createJSONStorage<S>(() => taroStateStorage)
}

export function readValue<T>(key: string): T | null {
  const raw = taroStateStorage.getItem(key) as string | null
  if (!raw) return null
  try {
    return JSON.parse(raw) as T
  } catch {
    return null
  }
}

export function writeValue(key: string, value: unknown): void {
  taroStateStorage.setItem(key, JSON.stringify(value))
}

export function removeValue(key: string): void {
  taroStateStorage.removeItem(key)
}
