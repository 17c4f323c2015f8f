import Taro, { resetTaroMock, storage } from './mocks/taro'
import {
  DRAFT_STORAGE_KEY,
  DRAFT_VERSION,
  POPUP_SLOT,
  blockingReason,
  defaultSampledParts,
  draftEvidenceProblems,
  emptyDraft,
  stepBlocking,
  toRequest,
  useDraft
} from '../../src/stores/draft'
import { shanghaiToIso } from '../../src/domain/time'

function stored(): { state: Record<string, unknown>; version: number } {
  return JSON.parse(storage.get(DRAFT_STORAGE_KEY) as string)
}

beforeEach(() => {
  resetTaroMock()
  useDraft.getState().reset()
})

describe('the appeal draft store', () => {
  it('writes form fields and uploaded ids to Taro storage, with its version', () => {
    const s = useDraft.getState()
    s.setField('category', 'medicine')
    s.setField('name', '张三')
    s.setField('district', '朝阳区')
    useDraft.setState({ popupShot: 'up-popup' })
    const key = useDraft.getState().negatives[0].key
    useDraft.setState((st) => ({ negatives: st.negatives.map((n) => (n.key === key ? { ...n, shot: 'up-neg' } : n)) }))

    expect(Taro.setStorageSync).toHaveBeenCalled()
    const saved = stored()
    expect(saved.version).toBe(DRAFT_VERSION)
    expect(saved.state).toMatchObject({ category: 'medicine', name: '张三', district: '朝阳区', popupShot: 'up-popup' })
    expect((saved.state.negatives as Array<{ shot: string }>)[0].shot).toBe('up-neg')
  })

  it('leaves transient state (uploads, submitting, server errors) out of storage', () => {
    useDraft.setState({
      uploads: { [POPUP_SLOT]: { status: 'uploading', progress: 40, attempt: 1, localPath: 'blob:x', error: null } },
      submitting: true,
      serverErrors: { idNumber: '身份证号码不正确' }
    })
    const saved = stored().state
    expect(saved).not.toHaveProperty('uploads')
    expect(saved).not.toHaveProperty('submitting')
    expect(saved).not.toHaveProperty('serverErrors')
    expect(Object.keys(saved).sort()).toEqual(
      [
        'category',
        'district',
        'idNumber',
        'name',
        'negatives',
        'phone',
        'popupShot',
        'statement',
        'submitKey',
        'triggerDate',
        'blockedFromTesting',
        'needByDate',
        'needByReason',
        'step'
      ].sort()
    )
  })

  it('restores a saved draft when the app starts again (fresh module, same storage)', () => {
    useDraft.getState().setField('phone', '13812345678')
    useDraft.setState({ popupShot: 'up-1', uploads: { popup: { status: 'done', progress: 100, attempt: 1, localPath: 'blob:y', error: null } } })

    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { useDraft: reloaded } = require('../../src/stores/draft') as typeof import('../../src/stores/draft')
      const st = reloaded.getState()
      expect(st.phone).toBe('13812345678')
      expect(st.popupShot).toBe('up-1')
      expect(st.uploads).toEqual({})
      expect(st.submitting).toBe(false)
    })
  })

  it('rehydrates from storage written earlier, and starts fresh from an unknown version', async () => {
    const fields = { ...emptyDraft(), name: '李四', popupShot: 'abc' }
    storage.set(DRAFT_STORAGE_KEY, JSON.stringify({ state: fields, version: DRAFT_VERSION }))
    await useDraft.persist.rehydrate()
    expect(useDraft.getState().name).toBe('李四')

    storage.set(DRAFT_STORAGE_KEY, JSON.stringify({ state: { ...fields, name: '旧版本' }, version: 0 }))
    await useDraft.persist.rehydrate()
    expect(useDraft.getState().name).toBe('')
  })

  it('clears the draft after a successful submit', async () => {
    const now = new Date()
    const parts = defaultSampledParts(now)
    useDraft.setState({
      category: 'medicine',
      popupShot: 'p',
      negatives: [{ key: 'k', shot: 'n', ...parts }],
      district: '海淀区',
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13812345678',
      statement: ''
    })
    ;(Taro.request as jest.Mock).mockImplementation(({ url }: { url: string }) =>
      url.endsWith('/session/device')
        ? Promise.resolve({ statusCode: 201, data: { token: 't', expiresAt: new Date(Date.now() + 3600_000).toISOString() } })
        : Promise.resolve({ statusCode: 201, data: { id: 'a1', trackingNo: 'T1', status: 'queued' } })
    )
    const r = await useDraft.getState().submit()
    expect(r?.kind === 'sent' && r.appeal.id).toBe('a1')
    expect(useDraft.getState().name).toBe('')
    expect(stored().state.popupShot).toBeNull()
    const create = (Taro.request as jest.Mock).mock.calls.find(([o]) => o.url.endsWith('/appeals'))[0]
    expect(create.method).toBe('POST')
    expect(create.data.negativeTests[0].sampledAt).toBe(shanghaiToIso(parts.date, parts.time))
    expect(create.header.Authorization).toBe('Bearer t')
  })

  it('keeps everything and files the server message under the right field on failure', async () => {
    useDraft.setState({
      category: 'medicine',
      popupShot: 'p',
      negatives: [{ key: 'k', shot: 'n', ...defaultSampledParts() }],
      district: '海淀区',
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13812345678'
    })
    storage.set('pa.citizen.session', JSON.stringify({ token: 't', expiresAt: new Date(Date.now() + 3600_000).toISOString() }))
    ;(Taro.request as jest.Mock).mockResolvedValue({
      statusCode: 400,
      data: { error: { code: 'INVALID_ID_NUMBER', message: '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）', field: 'applicant.idNumber' } }
    })
    expect(await useDraft.getState().submit()).toBeNull()
    const st = useDraft.getState()
    expect(st.serverErrors.idNumber).toBe('身份证号码不正确，请核对 18 位号码（最后一位可能是 X）')
    expect(st.name).toBe('张三')
    expect(st.submitting).toBe(false)
  })
})

describe('draft rules', () => {
  it('a test slot starts without a time (no guessed "now"); an uploaded test without one keeps the step', () => {
    const now = new Date('2022-01-28T01:37:12Z') // 09:37 in Beijing
    expect(defaultSampledParts(now)).toEqual({ date: '2022-01-28', time: '09:00' })
    const d = { ...emptyDraft(now), category: 'medicine' as const, popupShot: 'p' }
    expect(d.negatives[0]).toMatchObject({ date: '', time: '' })
    d.negatives[0].shot = 'n'
    expect(stepBlocking(1, d, now)).toBe('请填写第 1 次核酸的采样日期和时间')
    d.negatives[0] = { ...d.negatives[0], ...defaultSampledParts(now) }
    expect(draftEvidenceProblems(d, now)).toEqual([])
    expect(stepBlocking(1, d, now)).toBeNull()
  })

  it('shows as many test slots as the situation needs, keeping what is there', () => {
    useDraft.getState().reset()
    expect(useDraft.getState().negatives).toHaveLength(1)
    useDraft.getState().setField('category', 'travel')
    expect(useDraft.getState().negatives).toHaveLength(2)
    useDraft.getState().setField('category', 'medicine')
    expect(useDraft.getState().negatives).toHaveLength(2)
  })

  it('explains why submit is disabled, first thing first', () => {
    const now = new Date()
    const d = emptyDraft(now)
    expect(blockingReason(d, now)).toBe('请选择弹窗类型')
    expect(blockingReason({ ...d, category: 'medicine' }, now)).toBe('请上传健康宝弹窗截图')
    const withShots = { ...d, category: 'medicine' as const, popupShot: 'p', negatives: [{ ...d.negatives[0], shot: 'n', ...defaultSampledParts(now) }] }
    expect(blockingReason(withShots, now)).toBe('请选择所在区')
    expect(
      blockingReason(
        { ...withShots, uploads: { popup: { status: 'uploading', progress: 3, attempt: 1, localPath: null, error: null } } },
        now
      )
    ).toBe('截图正在上传，请稍候')
    const full = { ...withShots, district: '东城区', name: '张三', idNumber: '11010519491231002x', phone: '13812345678' }
    expect(blockingReason(full, now)).toBeNull()
    expect(toRequest(full).applicant.idNumber).toBe('11010519491231002X')
  })
})
