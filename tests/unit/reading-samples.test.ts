// The two sample screenshots (tests/fixtures/negative-1.png, popup.png) as the OCR engine reads them.
import { readScreenshot } from '../../src/domain/reading'
import { negativeSample, popupSample } from './reading-lines'

describe('the sample screenshots', () => {
  it('reads every field of the negative test sample', () => {
    expect(readScreenshot(negativeSample())).toEqual({
      kind: 'test_result',
      fields: {
        sampledAt: '2022-01-26 09:12',
        testedAt: '2022-01-26 21:40',
        result: '阴性',
        nameMasked: '王*明',
        idMasked: '1101**********1234',
        institution: '示例医院核酸检测点'
      }
    })
  })

  it('reads the popup sample: message without title and button, code, time, medicine', () => {
    expect(readScreenshot(popupSample())).toEqual({
      kind: 'popup',
      fields: {
        popupText: '您于元旦后购买过退热、止咳、抗感染、治疗咽干咽痛类药品，请于72小时内完成核酸检测，检测结果出来前减少外出。',
        popupCode: '4',
        shownAt: '2022-01-28 08:05',
        suggestedCategory: 'medicine'
      }
    })
  })
})
