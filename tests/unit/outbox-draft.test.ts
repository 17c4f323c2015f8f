import Taro, { resetTaroMock, storage } from './mocks/taro'
import { DRAFT_STORAGE_KEY, DRAFT_VERSION, emptyDraft, migrateDraft, stepBlocking, toRequest, useDraft, defaultSampledParts } from '../../src/stores/draft'
import { OUTBOX_STORAGE_KEY, QUEUED_MESSAGE, backoffMs, useOutbox } from '../../src/stores/outbox'
import { evidenceProblems } from '../../src/domain/evidence'

const session = () =>
  storage.set('pa.citizen.session', JSON.stringify({ token: 't', expiresAt: new Date(Date.now() + 3600_000).toISOString() }))

function fullDraft() {
  return {
    category: 'medicine' as const,
    popupShot: 'p',
    negatives: [{ key: 'k', shot: 'n', ...defaultSampledParts() }],
    district: '海淀区',
    name: '张三',
    idNumber: '11010519491231002X',
    phone: '13812345678',
    statement: '',
    triggerDate: null,
    blockedFromTesting: false,
    needByDate: '2030-02-01',
    needByReason: 'train' as const
  }
}

const createCalls = () => (Taro.request as jest.Mock).mock.calls.filter(([o]) => o.url.endsWith('/appeals') && o.method === 'POST')

beforeEach(() => {
  resetTaroMock()
  ;(Taro.request as jest.Mock).mockReset()
  useDraft.getState().reset()
  useOutbox.setState({ items: [], sent: {} })
  session()
})

describe('draft: new fields, version 2 and the v1 migration', () => {
  it('persists trigger date, test-site refusal, need-by and the step under version 2', () => {
    useDraft.getState().setField('triggerDate', '2022-01-24')
    useDraft.getState().setField('blockedFromTesting', true)
    useDraft.getState().setField('needByDate', '2022-02-01')
    useDraft.getState().setField('needByReason', 'exam')
    useDraft.getState().goStep(3)
    const saved = JSON.parse(storage.get(DRAFT_STORAGE_KEY) as string)
    expect(saved.version).toBe(DRAFT_VERSION)
    expect(DRAFT_VERSION).toBe(2)
    expect(saved.state).toMatchObject({ triggerDate: '2022-01-24', blockedFromTesting: true, needByDate: '2022-02-01', needByReason: 'exam', step: 3 })
  })

  it('restores a v1 draft with its fields kept and the new ones defaulted', async () => {
    const v1 = { category: 'travel', popupShot: 'up-1', negatives: [{ key: 'a', shot: 'n1', date: '2022-01-27', time: '08:00' }], district: '朝阳区', name: '李四', idNumber: '', phone: '', statement: 'x', submitKey: 'k1' }
    storage.set(DRAFT_STORAGE_KEY, JSON.stringify({ state: v1, version: 1 }))
    await useDraft.persist.rehydrate()
    const s = useDraft.getState()
    expect(s).toMatchObject({ category: 'travel', popupShot: 'up-1', name: '李四', submitKey: 'k1', triggerDate: null, blockedFromTesting: false, needByDate: null, needByReason: null, step: 0 })
    expect(migrateDraft({ junk: true }, 0)).toMatchObject({ category: null, step: 0 })
  })

  it('makes negative tests optional when the citizen was turned away at a test site', () => {
    const d = { ...emptyDraft(), category: 'travel' as const, popupShot: 'p' }
    expect(stepBlocking(2, d)).toBe('请上传核酸阴性截图')
    expect(stepBlocking(2, { ...d, blockedFromTesting: true })).toBeNull()
    expect(toRequest({ ...d, blockedFromTesting: true }).negativeTests).toEqual([])
    expect(stepBlocking(2, { ...d, blockedFromTesting: true, needByDate: '2030-01-01' })).toBe('请选择需要在这一天前解除弹窗的原因')
  })

  it('sends need-by, trigger date and blockedFromTesting in the request', () => {
    const r = toRequest({ ...emptyDraft(), ...fullDraft(), triggerDate: '2022-01-24' })
    expect(r.needBy).toEqual({ date: '2030-02-01', reason: 'train' })
    expect(r.triggerDate).toBe('2022-01-24')
    expect(r.blockedFromTesting).toBe(false)
  })

  it('evidence rules speak Chinese with the numbers found', () => {
    const now = new Date('2022-01-28T12:00:00Z')
    const msgs = evidenceProblems({ category: 'travel', sampledAt: ['2022-01-27T14:00:00Z', '2022-01-28T10:00:00Z'], now }).map((c) => c.message)
    expect(msgs).toContain('两次核酸需间隔24小时以上，目前间隔 20 小时')
    expect(evidenceProblems({ category: 'medicine', sampledAt: [], now })[0].message).toBe('请上传至少一张核酸阴性截图，并填写采样时间')
  })
})

describe('outbox: overload and network failures at submit', () => {
  it('queues the submission on 503, tells the citizen, and retries with the same Idempotency-Key until it goes', async () => {
    useDraft.setState(fullDraft())
    const key = useDraft.getState().submitKey
    ;(Taro.request as jest.Mock).mockResolvedValue({ statusCode: 503, data: { error: { code: 'INTERNAL', message: '服务繁忙' } } })
    const r = await useDraft.getState().submit()
    expect(r).toEqual({ kind: 'queued', key, message: QUEUED_MESSAGE })
    expect(QUEUED_MESSAGE).toBe('已保存在手机上，网络恢复后会自动提交')
    // the form is cleared; the submission lives in the persisted outbox
    expect(useDraft.getState().name).toBe('')
    const saved = JSON.parse(storage.get(OUTBOX_STORAGE_KEY) as string)
    expect(saved.state.items).toHaveLength(1)
    expect(saved.state.items[0].key).toBe(key)

    // not due yet: a timer tick does nothing
    const item = useOutbox.getState().items[0]
    expect(item.attempts).toBe(1)
    expect(item.nextAt).toBeGreaterThan(Date.now())
    await useOutbox.getState().flush({ now: Date.now() })
    expect(createCalls()).toHaveLength(1)

    // a network failure: still queued, the backoff grows
    ;(Taro.request as jest.Mock).mockRejectedValueOnce(new Error('offline'))
    await useOutbox.getState().flush({ now: item.nextAt + 1 })
    const after = useOutbox.getState().items[0]
    expect(after.attempts).toBe(2)
    expect(after.nextAt - (item.nextAt + 1)).toBeGreaterThanOrEqual(2_000)

    // back: it goes, once
    ;(Taro.request as jest.Mock).mockResolvedValue({ statusCode: 201, data: { id: 'a9', trackingNo: 'T9', status: 'queued' } })
    expect(await useOutbox.getState().flush({ force: true })).toBe(1)
    expect(useOutbox.getState().items).toHaveLength(0)
    expect(useOutbox.getState().sent[key]).toEqual({ appealId: 'a9', trackingNo: 'T9' })
    const keys = createCalls().map(([o]) => o.header['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys)).toEqual(new Set([key]))
    expect(await useOutbox.getState().flush({ force: true })).toBe(0)
    expect(createCalls()).toHaveLength(3)
  })

  it('queues on 429 too, but a validation refusal goes back to the form and leaves the outbox empty', async () => {
    useDraft.setState(fullDraft())
    ;(Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 429, data: { error: { code: 'RATE_LIMITED', message: '请求过于频繁' } } })
    expect((await useDraft.getState().submit())?.kind).toBe('queued')
    useOutbox.setState({ items: [] })

    useDraft.setState(fullDraft())
    ;(Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 400, data: { error: { code: 'INVALID_PHONE', message: '手机号应为 11 位数字' } } })
    expect(await useDraft.getState().submit()).toBeNull()
    expect(useDraft.getState().serverErrors.phone).toBe('手机号应为 11 位数字')
    expect(useDraft.getState().name).toBe('张三')
    expect(useOutbox.getState().items).toHaveLength(0)
  })

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(1_000)
    expect(backoffMs(1, () => 1)).toBe(2_000)
    expect(backoffMs(3, () => 1)).toBe(8_000)
    expect(backoffMs(30, () => 1)).toBe(5 * 60_000)
  })
})
