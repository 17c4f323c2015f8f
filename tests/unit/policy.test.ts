// Issue 16: the one policy — its wordings keep their texts, its rules take the served values, and the app's
// copy of the policy comes from the server, survives in storage, and falls back to the defaults.
import Taro from '@tarojs/taro'
import {
  DEFAULT_POLICY,
  EVENT_PHRASES,
  NEED_BY_LABELS,
  NEED_BY_SHORT_LABELS,
  QUEUE_SORT_KEY,
  RECEIPT_STATUS_TEXT,
  STATUS_LABELS,
  STATUS_PHRASES,
  afterPurchaseText,
  policyFrom,
  recentTestHint,
  urgeAllowed
} from '../../src/domain/policy'
import { citizenActions } from '../../src/domain/transitions'
import { compareQueue, compareSortKeys, storedPriority, TIERS } from '../../src/domain/priority'
import { reasonText } from '../../src/domain/reasons'
import { selfCheck } from '../../src/domain/selfcheck'
import { categoryInfo } from '../../src/domain/categories'
import { POLICY_STORAGE_KEY, currentPolicy, loadPolicy, readPolicy, resetPolicyForTests } from '../../src/services/policy'
import { draftEvidenceProblems, emptyDraft, fieldHints, stepBlocking } from '../../src/stores/draft'
import { storage } from './mocks/taro'

const request = Taro.request as jest.Mock

describe('the wordings, one table each', () => {
  it('keeps every status text of the three former tables', () => {
    expect(STATUS_LABELS).toEqual({ queued: '排队待审', in_review: '审核中', needs_info: '待补充材料', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' })
    expect(STATUS_PHRASES).toEqual({ queued: '已受理', in_review: '审核中', needs_info: '待补充', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' })
    expect(RECEIPT_STATUS_TEXT.queued).toBe('已受理，排队审核中')
    expect(RECEIPT_STATUS_TEXT.rejected).toBe('已办结（未通过）')
    for (const p of [...Object.values(STATUS_PHRASES), ...Object.values(EVENT_PHRASES)]) expect(Array.from(p).length).toBeLessThanOrEqual(5)
  })

  it('need-by: the citizen words and the reviewer tag side by side', () => {
    expect(NEED_BY_LABELS.train).toBe('乘火车')
    expect(NEED_BY_SHORT_LABELS.train).toBe('火车')
    expect(Object.keys(NEED_BY_SHORT_LABELS).sort()).toEqual(Object.keys(NEED_BY_LABELS).sort())
  })
})

describe('rules follow the policy they are given', () => {
  const p48 = policyFrom({ evidenceMaxAgeHours: 48, slaHours: 24, urgeIntervalHours: 12, needsInfoTimeoutDays: 7 })

  it('sentences name the limit', () => {
    expect(recentTestHint()).toBe('上传最近一次核酸阴性结果（72 小时内采样）。')
    expect(recentTestHint(p48)).toBe('上传最近一次核酸阴性结果（48 小时内采样）。')
    expect(afterPurchaseText(p48)).toBe('购药后 48 小时内做一次核酸')
    expect(categoryInfo(p48).medicine.clears).toContain('购药后 48 小时内')
    expect(categoryInfo().medicine.clears).toContain('购药后 72 小时内')
    expect(selfCheck({ category: 'medicine', tests: 'none', pastMidnight: false }, p48).steps[0]).toBe('购药后 48 小时内做一次核酸')
    expect(reasonText('test_too_old')?.text).toBe('核酸采样时间已超过 72 小时')
    expect(reasonText('test_too_old', p48)?.text).toBe('核酸采样时间已超过 48 小时')
  })

  it('urging: the statuses come from the policy', () => {
    expect(urgeAllowed('queued')).toBe(true)
    expect(urgeAllowed('needs_info')).toBe(false)
    expect(citizenActions('in_review')).toContain('urge')
    expect(citizenActions('in_review', { urgeStatuses: ['queued'] })).not.toContain('urge')
  })

  it('the queue key: tier, then submission, then id', () => {
    expect(QUEUE_SORT_KEY).toEqual(['priority', 'created_at', 'id'])
    expect(compareSortKeys([0, '2022-01-02', 'b'], [1, '2022-01-01', 'a'])).toBeLessThan(0)
    expect(compareSortKeys([1, '2022-01-01', 'b'], [1, '2022-01-01', 'a'])).toBeGreaterThan(0)
    expect(compareQueue({ tier: 2, createdAt: 'x', id: 'a' }, { tier: 2, createdAt: 'x', id: 'a' })).toBe(0)
  })

  it('a stored row: need-by read from its two columns, urged on request', () => {
    const row = { blocked_from_testing: 0, need_by_date: null, need_by_reason: null, urged_at: null }
    const now = new Date('2022-01-28T00:00:00Z')
    expect(storedPriority(row, now).tier).toBe(TIERS.normal)
    expect(storedPriority(row, now, now.toISOString()).tier).toBe(TIERS.urged)
    expect(storedPriority({ ...row, need_by_date: '2022-01-29', need_by_reason: 'train' }, now).tier).toBe(TIERS.urgent)
    expect(storedPriority({ ...row, need_by_date: '2022-01-29', need_by_reason: null }, now).tier).toBe(TIERS.normal)
  })

  it("the form's checks take the policy's limits", () => {
    const d = { ...emptyDraft(), category: 'medicine' as const, negatives: [{ key: 'k', shot: 's', date: '2022-01-26', time: '00:00' }] }
    const now = new Date('2022-01-28T12:00:00+08:00') // 60 hours after the sample
    expect(draftEvidenceProblems(d, now, DEFAULT_POLICY)).toEqual([])
    expect(draftEvidenceProblems(d, now, { evidenceMaxAgeHours: 48 })[0].message).toContain('48 小时内')
    expect(fieldHints({ ...d, statement: '字'.repeat(11) }, { statementMaxChars: 10 }).statement).toBe('说明最多 10 字，目前 11 字')
    expect(stepBlocking(1, { ...d, popupShot: 'p' }, now, { ...DEFAULT_POLICY, evidenceMaxAgeHours: 48 })).toContain('48 小时内')
  })
})

describe("the app's copy of the policy (src/services/policy.ts)", () => {
  beforeEach(() => {
    storage.clear()
    request.mockReset()
    resetPolicyForTests()
  })

  it('before any answer: the built-in defaults', () => {
    expect(currentPolicy()).toEqual(DEFAULT_POLICY)
  })

  it("fetched once: the server's values are used and kept for the next start", async () => {
    request.mockResolvedValue({ statusCode: 200, data: { ...DEFAULT_POLICY, evidenceMaxAgeHours: 48, maxNegativeTests: 4 } })
    await Promise.all([loadPolicy(), loadPolicy()])
    expect(request).toHaveBeenCalledTimes(1)
    expect(request.mock.calls[0][0].url).toMatch(/\/api\/v1\/policy$/)
    expect(currentPolicy()).toMatchObject({ evidenceMaxAgeHours: 48, maxNegativeTests: 4 })
    expect(JSON.parse(storage.get(POLICY_STORAGE_KEY) as string).evidenceMaxAgeHours).toBe(48)
    // next start, offline: the stored answer, not the defaults
    request.mockRejectedValue(new Error('offline'))
    resetPolicyForTests()
    expect(currentPolicy().evidenceMaxAgeHours).toBe(48)
    await loadPolicy()
    expect(currentPolicy().evidenceMaxAgeHours).toBe(48)
  })

  it('offline with nothing stored: the defaults, and a later load asks again', async () => {
    request.mockRejectedValueOnce(new Error('offline'))
    await loadPolicy()
    expect(currentPolicy()).toEqual(DEFAULT_POLICY)
    request.mockResolvedValueOnce({ statusCode: 200, data: { ...DEFAULT_POLICY, slaHours: 12 } })
    await loadPolicy()
    expect(currentPolicy().slaHours).toBe(12)
  })

  it('odd fields keep their defaults instead of becoming NaN limits', () => {
    expect(readPolicy(null)).toBeNull()
    expect(readPolicy({ evidenceMaxAgeHours: '48', maxNegativeTests: -1, slaHours: 1.5, urgeStatuses: ['nope'] })).toEqual(DEFAULT_POLICY)
    expect(readPolicy({ evidenceMaxAgeHours: 48, urgeStatuses: ['queued'] })).toMatchObject({ evidenceMaxAgeHours: 48, urgeStatuses: ['queued'] })
  })
})
