// What the citizen is told before submitting (readingWarnings).
import { readingWarnings } from '../../src/domain/reading'
import type { Reading } from '../../types/reading'

const test = (fields: Reading['fields']): { role: 'negative_test'; reading: Reading } => ({
  role: 'negative_test',
  reading: { status: 'done', kind: 'test_result', fields }
})
const popup = (fields: Reading['fields']): { role: 'popup'; reading: Reading } => ({ role: 'popup', reading: { status: 'done', kind: 'popup', fields } })
const TYPED = { name: '王小明', idNumber: '110101199001011234' }
const GOOD = { sampledAt: '2022-01-28 10:00', result: '阴性', nameMasked: '王*明', idMasked: '1101**********1234' }

describe('readingWarnings', () => {
  it('says nothing when the screenshots agree with the form', () => {
    expect(readingWarnings({ readings: [popup({ shownAt: '2022-01-28 08:05' }), test(GOOD), test(GOOD)], typed: TYPED })).toEqual([])
  })

  it('says which test is positive', () => {
    expect(readingWarnings({ readings: [test(GOOD), test({ ...GOOD, result: '阳性' })], typed: TYPED })).toEqual([
      '第 2 张核酸截图的结果是“阳性”，阴性结果才能用于申诉'
    ])
  })

  it('says when the name or the ID on a screenshot is not the one typed, once', () => {
    const other = { ...GOOD, nameMasked: '张*明', idMasked: '1101**********9999' }
    expect(readingWarnings({ readings: [test(other), test(other)], typed: TYPED })).toEqual([
      '截图上的姓名（张*明）与填写的姓名不一致，请确认是本人的检测记录',
      '截图上的证件号（1101**********9999）与填写的证件号不一致，请确认是本人的检测记录'
    ])
  })

  it('says when a test was sampled before the popup, from the popup screenshot or the given time', () => {
    const early = test({ ...GOOD, sampledAt: '2022-01-27 09:00' })
    const message = '第 2 张核酸的采样时间早于弹窗出现的时间，不能证明弹窗后的检测结果'
    expect(readingWarnings({ readings: [popup({ shownAt: '2022-01-28 08:05' }), test(GOOD), early], typed: TYPED })).toEqual([message])
    expect(readingWarnings({ readings: [test(GOOD), early], typed: TYPED, popupShownAt: '2022-01-28T00:05:00.000Z' })).toEqual([message])
    expect(readingWarnings({ readings: [test(GOOD), early], typed: TYPED })).toEqual([])
  })

  it('says when a screenshot is of the other kind', () => {
    const swapped = [{ role: 'popup' as const, reading: test(GOOD).reading }, { role: 'negative_test' as const, reading: popup({}).reading }]
    expect(readingWarnings({ readings: swapped, typed: TYPED })).toEqual([
      '第 1 张核酸截图像是弹窗截图，请换成核酸检测结果截图',
      '弹窗截图像是核酸结果截图，请换成健康宝弹窗的截图'
    ])
  })

  it('says nothing about readings not done, or fields not typed', () => {
    const pending = { role: 'negative_test' as const, reading: { status: 'pending' as const, kind: 'unknown' as const, fields: {} } }
    expect(readingWarnings({ readings: [pending, test({ ...GOOD, nameMasked: '张*明' })], typed: {} })).toEqual([])
  })
})
