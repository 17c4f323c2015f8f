import Taro, { resetTaroMock, storage } from './mocks/taro'
import { request } from '../../src/services/http'
import { ApiError, NETWORK_MESSAGE } from '../../src/services/errors'
import { citizenRealm } from '../../src/services/session'
import { UPLOAD_RETRY_PAUSE_MS, UPLOAD_STALL_MS, uploadScreenshot } from '../../src/services/upload'

const req = Taro.request as jest.Mock
const future = () => new Date(Date.now() + 3600_000).toISOString()

beforeEach(() => {
  resetTaroMock()
  req.mockReset()
  ;(Taro.uploadFile as jest.Mock).mockReset()
})

describe('api client', () => {
  it('normalises a server error to ApiError with the Chinese message', async () => {
    req.mockResolvedValue({ statusCode: 404, data: { error: { code: 'APPEAL_NOT_FOUND', message: '找不到这条申诉，请确认查询码或重新进入' } } })
    await expect(request('/appeals/x')).rejects.toMatchObject({ status: 404, code: 'APPEAL_NOT_FOUND', message: '找不到这条申诉，请确认查询码或重新进入' })
  })

  it('turns a network failure into NETWORK', async () => {
    req.mockRejectedValue(new Error('request:fail'))
    const e = await request('/appeals').catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE })
  })

  it('gets a device token first, and on 401 drops it and renews once', async () => {
    let sessions = 0
    req.mockImplementation(({ url, header }: { url: string; header: Record<string, string> }) => {
      if (url.endsWith('/session/device')) {
        sessions++
        return Promise.resolve({ statusCode: 201, data: { token: `tok${sessions}`, expiresAt: future() } })
      }
      if (header.Authorization === 'Bearer tok1') return Promise.resolve({ statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新进入' } } })
      return Promise.resolve({ statusCode: 200, data: { items: [] } })
    })
    // a stale token in storage: first call 401s, a new session is made, the call is retried
    storage.set('pa.citizen.session', JSON.stringify({ token: 'tok1', expiresAt: future() }))
    sessions = 1
    const res = await request<{ items: unknown[] }>('/appeals', { realm: citizenRealm })
    expect(res.data.items).toEqual([])
    expect(sessions).toBe(2)
    expect(citizenRealm.token()).toBe('tok2')
  })

  it('gives up after one renewal', async () => {
    req.mockImplementation(({ url }: { url: string }) =>
      url.endsWith('/session/device')
        ? Promise.resolve({ statusCode: 201, data: { token: 'tok', expiresAt: future() } })
        : Promise.resolve({ statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新进入' } } })
    )
    await expect(request('/appeals', { realm: citizenRealm })).rejects.toMatchObject({ status: 401 })
    expect(req.mock.calls.filter(([o]) => o.url.endsWith('/session/device'))).toHaveLength(1)
  })
})

describe('uploads', () => {
  beforeEach(() => storage.set('pa.citizen.session', JSON.stringify({ token: 't', expiresAt: future() })))

  it('reports progress and returns the upload id', async () => {
    ;(Taro.uploadFile as jest.Mock).mockImplementation((o) => {
      // progress, then success, in that order whatever the machine's load (timers would race)
      const task = Object.assign(Promise.resolve(), {
        onProgressUpdate: (cb: (r: { progress: number }) => void) =>
          setTimeout(() => {
            cb({ progress: 50 })
            o.success({ statusCode: 201, data: JSON.stringify({ id: 'u1', width: 1, height: 1, bytes: 1 }) })
          })
      })
      return task
    })
    const seen: number[] = []
    const res = await uploadScreenshot('blob:x', (p) => seen.push(p))
    expect(res.id).toBe('u1')
    expect(seen).toContain(50)
    const call = (Taro.uploadFile as jest.Mock).mock.calls[0][0]
    expect(call.name).toBe('file')
    expect(call.header.Authorization).toBe('Bearer t')
  })

  it('retries a network failure twice after growing pauses, then gives up', async () => {
    jest.useFakeTimers()
    try {
      ;(Taro.uploadFile as jest.Mock).mockImplementation((o) => {
        setTimeout(() => o.fail({ errMsg: 'uploadFile:fail' }))
        return Object.assign(Promise.resolve(), {})
      })
      const attempts: number[] = []
      const settled = expect(uploadScreenshot('blob:x', (_p, a) => attempts.push(a))).rejects.toMatchObject({ code: 'NETWORK' })
      await jest.advanceTimersByTimeAsync(1)
      expect(Taro.uploadFile).toHaveBeenCalledTimes(1)
      // no instant retry: the second attempt waits its pause
      await jest.advanceTimersByTimeAsync(UPLOAD_RETRY_PAUSE_MS - 10)
      expect(Taro.uploadFile).toHaveBeenCalledTimes(1)
      await jest.advanceTimersByTimeAsync(20)
      expect(Taro.uploadFile).toHaveBeenCalledTimes(2)
      await jest.advanceTimersByTimeAsync(UPLOAD_RETRY_PAUSE_MS * 2 + 20)
      await settled
      expect(Taro.uploadFile).toHaveBeenCalledTimes(3)
      expect([...new Set(attempts)]).toEqual([1, 2, 3])
    } finally {
      jest.useRealTimers()
    }
  })

  it('does not spend more of the rate limit on an instant retry after 429', async () => {
    ;(Taro.uploadFile as jest.Mock).mockImplementation((o) => {
      setTimeout(() => o.success({ statusCode: 429, data: JSON.stringify({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } }) }))
      return Object.assign(Promise.resolve(), {})
    })
    await expect(uploadScreenshot('blob:x', () => undefined)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' })
    expect(Taro.uploadFile).toHaveBeenCalledTimes(1)
  })

  it('does not retry a refused file', async () => {
    ;(Taro.uploadFile as jest.Mock).mockImplementation((o) => {
      setTimeout(() => o.success({ statusCode: 415, data: JSON.stringify({ error: { code: 'UPLOAD_NOT_AN_IMAGE', message: '上传的文件不是可识别的图片，请上传 JPG 或 PNG 截图' } }) }))
      return Object.assign(Promise.resolve(), {})
    })
    await expect(uploadScreenshot('blob:x', () => undefined)).rejects.toMatchObject({ code: 'UPLOAD_NOT_AN_IMAGE' })
    expect(Taro.uploadFile).toHaveBeenCalledTimes(1)
  })

  it('gives up on an attempt that never answers (h5 uploadFile hangs when it cannot read the blob) and retries it', async () => {
    jest.useFakeTimers()
    try {
      const abort = jest.fn()
      ;(Taro.uploadFile as jest.Mock).mockImplementation(() => Object.assign(new Promise(() => undefined), { abort }))
      const attempts: number[] = []
      const result = uploadScreenshot('blob:x', (_p, a) => attempts.push(a))
      const settled = expect(result).rejects.toMatchObject({ code: 'NETWORK' })
      for (let i = 0; i < 3; i++) await jest.advanceTimersByTimeAsync(UPLOAD_STALL_MS + UPLOAD_RETRY_PAUSE_MS * (i + 1))
      await settled
      expect(Taro.uploadFile).toHaveBeenCalledTimes(3)
      expect(abort).toHaveBeenCalledTimes(3)
      expect([...new Set(attempts)]).toEqual([1, 2, 3])
    } finally {
      jest.useRealTimers()
    }
  })
})
