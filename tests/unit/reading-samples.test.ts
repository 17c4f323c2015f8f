// The two sample screenshots (tests/fixtures/negative-1.png, popup.png) as the OCR engine reads them.
import { readScreenshot } from '../../src/domain/reading'
import { negativeSample, popupSample } from './reading-lines'
import { NEGATIVE_1_FIELDS, POPUP_FIELDS } from '../support/sample-readings'

describe('the sample screenshots', () => {
  it('reads every field of the negative test sample', () => {
    expect(readScreenshot(negativeSample())).toEqual({
      kind: 'test_result',
      fields: NEGATIVE_1_FIELDS
    })
  })

  it('reads the popup sample: message without title and button, code, time, medicine', () => {
    expect(readScreenshot(popupSample())).toEqual({
      kind: 'popup',
      fields: POPUP_FIELDS
    })
  })
})
