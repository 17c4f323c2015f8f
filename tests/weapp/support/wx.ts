// The `wx` global of the simulated mini-program: stand-ins for what WeChat itself provides, and nothing more.
// Network calls are real: wx.request and wx.uploadFile send HTTP to the live server (they stand in for WeChat's
// network layer only). Storage is an in-memory map; pickers return the file a test put in the album; the rest
// (navigation, toasts, clipboard…) records what the page asked for so tests can assert on it.
import fs from 'node:fs'
import path from 'node:path'
import { multipart, send } from './http'

export interface WxRequestRecord {
  method: string
  url: string
  status: number
}

export interface WxLog {
  requests: WxRequestRecord[]
  uploads: { url: string; filePath: string; bytes: number; status: number; idempotencyKey?: string }[]
  compressed: { src: string; quality?: number; compressedWidth?: number }[]
  chosen: string[]
  navigations: { api: string; url?: string }[]
  toasts: string[]
  modals: string[]
  logins: string[]
  privacyAsked: number
}

interface TempFile {
  bytes: Buffer
  name: string
  type: string
}

type Callbacks = { success?: (r: any) => void; fail?: (e: any) => void; complete?: (r: any) => void }

/** Calls WeChat-style callbacks; WeChat calls them asynchronously, after the API returned. */
function settle(o: Callbacks | undefined, ok: boolean, res: any): void {
  setTimeout(() => {
    if (ok) o?.success?.(res)
    else o?.fail?.(res)
    o?.complete?.(res)
  })
}

/** Width and height from a PNG's IHDR chunk (what wx.getImageInfo reads from the file). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length < 24 || bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

export interface WxOptions {
  /** what the `develop` build's storage points the app at (src/services/config.ts DEV_API_BASE_KEY) */
  apiBase: string
  /** WeChat account version: only `develop` honours the storage override */
  envVersion?: 'develop' | 'trial' | 'release'
}

export interface Wx {
  wx: Record<string, any>
  log: WxLog
  storage: Map<string, unknown>
  /** put a file in the phone's album: the next chooseImage / chooseMedia returns it */
  putInAlbum: (file: string) => void
  /** the next wx.login returns this code (WeChat's side maps it to the user's openid) */
  loginAs: (code: string) => void
  setEnvVersion: (v: 'develop' | 'trial' | 'release') => void
}

export const DEV_API_BASE_KEY = 'pa.dev.apiBase'

export function createWx(opts: WxOptions): Wx {
  const storage = new Map<string, unknown>()
  storage.set(DEV_API_BASE_KEY, opts.apiBase)
  const files = new Map<string, TempFile>()
  let tmp = 0
  const tempPath = (f: TempFile) => {
    const p = `wxfile://tmp_${++tmp}${path.extname(f.name)}`
    files.set(p, f)
    return p
  }
  let album: string | null = null
  let loginCode = 'weapp-user'
  let logins = 0
  let envVersion = opts.envVersion ?? 'develop'
  const log: WxLog = { requests: [], uploads: [], compressed: [], chosen: [], navigations: [], toasts: [], modals: [], logins: [], privacyAsked: 0 }

  // like the request domains of the mini-program's settings: WeChat refuses any other server
  const allowed = (url: string) => url.startsWith(`${opts.apiBase}/`)

  const pick = (o: Callbacks) => {
    if (!album) return settle(o, false, { errMsg: 'chooseImage:fail cancel' }), null
    const bytes = fs.readFileSync(album)
    const p = tempPath({ bytes, name: path.basename(album), type: 'image/png' })
    log.chosen.push(p)
    return { p, size: bytes.length }
  }

  const navigate = (api: string) => (o: Callbacks & { url?: string; delta?: number } = {}) => {
    log.navigations.push({ api, url: o.url })
    settle(o, true, { errMsg: `${api}:ok` })
  }

  const wx: Record<string, any> = {
    // ---- system ----
    getSystemInfoSync: () => ({ platform: 'devtools', brand: 'devtools', model: 'iPhone 12', system: 'iOS 16', windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, pixelRatio: 2, fontSizeSetting: 16, SDKVersion: '3.0.0', language: 'zh_CN', version: '8.0.40' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, screenWidth: 375, screenHeight: 812, pixelRatio: 2, statusBarHeight: 44 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.0.0', fontSizeSetting: 16, language: 'zh_CN', version: '8.0.40' }),
    getDeviceInfo: () => ({ platform: 'devtools', brand: 'devtools', model: 'iPhone 12', system: 'iOS 16' }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-weapp-suite', envVersion, version: '' } }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn),
    onAppShow: () => {},
    onAppHide: () => {},
    offAppShow: () => {},
    offAppHide: () => {},
    onNetworkStatusChange: () => {},
    offNetworkStatusChange: () => {},
    getNetworkType: (o: Callbacks) => settle(o, true, { networkType: 'wifi' }),
    onMemoryWarning: () => {},
    // ---- storage ----
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    clearStorageSync: () => storage.clear(),
    getStorage: (o: Callbacks & { key: string }) =>
      storage.has(o.key) ? settle(o, true, { data: storage.get(o.key) }) : settle(o, false, { errMsg: 'getStorage:fail data not found' }),
    setStorage: (o: Callbacks & { key: string; data: unknown }) => {
      storage.set(o.key, o.data)
      settle(o, true, { errMsg: 'setStorage:ok' })
    },
    removeStorage: (o: Callbacks & { key: string }) => {
      storage.delete(o.key)
      settle(o, true, { errMsg: 'removeStorage:ok' })
    },
    // ---- account ----
    login: (o: Callbacks) => {
      const code = `${loginCode}-${++logins}`
      log.logins.push(code)
      settle(o, true, { code, errMsg: 'login:ok' })
    },
    requirePrivacyAuthorize: (o: Callbacks) => {
      log.privacyAsked++
      settle(o, true, { errMsg: 'requirePrivacyAuthorize:ok' })
    },
    requestSubscribeMessage: (o: Callbacks) => settle(o, false, { errMsg: 'requestSubscribeMessage:fail not in a test' }),
    // ---- network: real HTTP to the live server ----
    request: (o: Callbacks & { url: string; method?: string; data?: unknown; header?: Record<string, string>; dataType?: string }) => {
      const method = (o.method ?? 'GET').toUpperCase()
      const header: Record<string, string> = { ...o.header }
      let url = o.url
      let body: string | undefined
      if (o.data !== undefined && o.data !== null) {
        if (method === 'GET') {
          const q = new URLSearchParams(Object.entries(o.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
          url += (url.includes('?') ? '&' : '?') + q.toString()
        } else {
          body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
          if (!Object.keys(header).some((k) => k.toLowerCase() === 'content-type')) header['content-type'] = 'application/json'
        }
      }
      let aborted = false
      if (!allowed(url)) {
        log.requests.push({ method, url, status: 0 })
        settle(o, false, { errMsg: 'request:fail url not in domain list' })
        return { abort: () => {}, onHeadersReceived: () => {}, offHeadersReceived: () => {} }
      }
      send(method, url, header, body).then(
        (res) => {
          log.requests.push({ method, url, status: res.status })
          if (aborted) return
          let data: unknown = res.text
          if ((o.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(res.text)
            } catch {
              // WeChat hands over the raw text when it is not JSON
            }
          }
          settle(o, true, { statusCode: res.status, data, header: res.headers, errMsg: 'request:ok' })
        },
        (e: Error) => {
          log.requests.push({ method, url, status: 0 })
          settle(o, false, { errMsg: `request:fail ${e.message}` })
        }
      )
      return { abort: () => void (aborted = true), onHeadersReceived: () => {}, offHeadersReceived: () => {} }
    },
    uploadFile: (o: Callbacks & { url: string; filePath: string; name: string; header?: Record<string, string>; formData?: Record<string, string> }) => {
      const listeners: ((r: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void)[] = []
      const file = files.get(o.filePath)
      if (!allowed(o.url)) {
        log.uploads.push({ url: o.url, filePath: o.filePath, bytes: 0, status: 0 })
        settle(o, false, { errMsg: 'uploadFile:fail url not in domain list' })
      } else if (!file) {
        settle(o, false, { errMsg: `uploadFile:fail file not found ${o.filePath}` })
      } else {
        const form = multipart(o.name, file.name, file.type, file.bytes, o.formData)
        const header = { ...o.header, 'content-type': form.contentType }
        send('POST', o.url, header, form.body).then(
          (res) => {
            const key = Object.entries(o.header ?? {}).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1]
            log.uploads.push({ url: o.url, filePath: o.filePath, bytes: file.bytes.length, status: res.status, idempotencyKey: key })
            for (const l of listeners) l({ progress: 100, totalBytesSent: form.body.length, totalBytesExpectedToSend: form.body.length })
            // WeChat gives uploadFile's body as a string, whatever its type
            settle(o, true, { statusCode: res.status, data: res.text, errMsg: 'uploadFile:ok' })
          },
          (e: Error) => settle(o, false, { errMsg: `uploadFile:fail ${e.message}` })
        )
      }
      return { onProgressUpdate: (cb: (typeof listeners)[number]) => listeners.push(cb), offProgressUpdate: () => {}, abort: () => {} }
    },
    // ---- media ----
    chooseImage: (o: Callbacks) => {
      const got = pick(o)
      if (got) settle(o, true, { tempFilePaths: [got.p], tempFiles: [{ path: got.p, size: got.size }], errMsg: 'chooseImage:ok' })
    },
    chooseMedia: (o: Callbacks) => {
      const got = pick(o)
      if (got) settle(o, true, { type: 'image', tempFiles: [{ tempFilePath: got.p, size: got.size, fileType: 'image' }], errMsg: 'chooseMedia:ok' })
    },
    getImageInfo: (o: Callbacks & { src: string }) => {
      const f = files.get(o.src)
      if (!f) return settle(o, false, { errMsg: 'getImageInfo:fail file not found' })
      settle(o, true, { ...pngSize(f.bytes), path: o.src, type: 'png', orientation: 'up', errMsg: 'getImageInfo:ok' })
    },
    // a new temporary file, as WeChat makes; its bytes are the original's (the suite does not re-encode)
    compressImage: (o: Callbacks & { src: string; quality?: number; compressedWidth?: number }) => {
      const f = files.get(o.src)
      if (!f) return settle(o, false, { errMsg: 'compressImage:fail file not found' })
      log.compressed.push({ src: o.src, quality: o.quality, compressedWidth: o.compressedWidth })
      settle(o, true, { tempFilePath: tempPath(f), errMsg: 'compressImage:ok' })
    },
    previewImage: (o: Callbacks) => settle(o, true, { errMsg: 'previewImage:ok' }),
    // ---- interface ----
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    showToast: (o: Callbacks & { title: string }) => {
      log.toasts.push(o.title)
      settle(o, true, { errMsg: 'showToast:ok' })
    },
    hideToast: (o?: Callbacks) => settle(o, true, {}),
    showLoading: (o?: Callbacks) => settle(o, true, {}),
    hideLoading: (o?: Callbacks) => settle(o, true, {}),
    showModal: (o: Callbacks & { title: string }) => {
      log.modals.push(o.title)
      settle(o, true, { confirm: true, cancel: false, errMsg: 'showModal:ok' })
    },
    pageScrollTo: (o: Callbacks) => settle(o, true, { errMsg: 'pageScrollTo:ok' }),
    stopPullDownRefresh: (o?: Callbacks) => settle(o, true, {}),
    setNavigationBarTitle: (o: Callbacks) => settle(o, true, {}),
    setClipboardData: (o: Callbacks) => settle(o, true, { errMsg: 'setClipboardData:ok' }),
    setScreenBrightness: (o: Callbacks) => settle(o, true, { errMsg: 'setScreenBrightness:ok' })
  }

  return {
    wx,
    log,
    storage,
    putInAlbum: (file) => void (album = file),
    loginAs: (code) => void (loginCode = code),
    setEnvVersion: (v) => void (envVersion = v)
  }
}
