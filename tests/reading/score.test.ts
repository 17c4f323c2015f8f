// The harness's scoring: a value read that differs, or that the picture does not print, is wrong; a value not
// read is missing; only popupText may differ in punctuation.
import { scoreImage, summarise } from './score'

describe('scoring a reading against its label', () => {
  it('counts exact, missing and wrong per field, and a field the picture lacks as wrong', () => {
    const result = scoreImage(
      'a.jpg',
      { kind: 'test_result', fields: { sampledAt: '2022-01-26 09:12', result: '阴性', idMasked: '1101**********1234' } },
      { kind: 'test_result', fields: { sampledAt: '2022-01-26 09:12', idMasked: '1101***********234', testedAt: '2022-01-26 21:40' } },
      100
    )
    const outcome = Object.fromEntries(result.fields.map((f) => [f.field, f.outcome]))
    expect(outcome).toEqual({ sampledAt: 'exact', result: 'missing', idMasked: 'wrong', testedAt: 'wrong' })
    const summary = summarise([result])
    expect(summary.overall).toMatchObject({ expected: 3, exact: 1, missing: 1, wrong: 2 })
    expect(summary.overall.exactShare).toBeCloseTo(1 / 3)
  })

  it('forgives popupText its punctuation and spaces, not its characters', () => {
    const label = { kind: 'popup' as const, fields: { popupText: '您于元旦后购买过退热、止咳类药品，请于72小时内完成核酸检测。' } }
    const punct = scoreImage('p.jpg', label, { kind: 'popup', fields: { popupText: '您于元旦后购买过退热止咳类药品,请于72小时内完成核酸检测' } }, 1)
    const misread = scoreImage('p.jpg', label, { kind: 'popup', fields: { popupText: '您于元旦后购买过退热、止咳类药品，请于12小时内完成核酸检测。' } }, 1)
    expect(punct.fields[0].outcome).toBe('exact')
    expect(misread.fields[0].outcome).toBe('wrong')
  })

  it('a kind read wrong is reported beside the fields', () => {
    const r = scoreImage('chat.jpg', { kind: 'unknown', fields: {} }, { kind: 'popup', fields: {} }, 1)
    expect(summarise([r]).kindsCorrect).toBe(0)
  })
})
