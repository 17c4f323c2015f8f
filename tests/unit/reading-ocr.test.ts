// Lines as the OCR engine really returned them for pictures of the labelled set: the slips it makes (a star
// too many, a digit read as a star, ⑫ as ①2) must end as a field left out or read right, never a wrong value.
import { readScreenshot } from '../../src/domain/reading'
import { column, line, OCR_CAPTURES } from './reading-lines'

const TITLE = line('核酸检测结果', 360, 140, 0.99, 60)

describe('real OCR output of the labelled set', () => {
  it('reads a next-line layout with its real boxes, leaving out an ID whose tail lost a digit', () => {
    expect(readScreenshot(OCR_CAPTURES['result-07-next_line.jpg'])).toEqual({
      kind: 'test_result',
      fields: {
        nameMasked: '孙*杰',
        sampledAt: '2022-09-07 19:40',
        testedAt: '2022-09-08 06:40',
        institution: '示例区疾控中心',
        result: '阴性'
      }
    })
  })

  it('counts the hidden digits of an ID from its length when OCR reads one star too many', () => {
    expect(readScreenshot(OCR_CAPTURES['result-13-no_colon.jpg']).fields.idMasked).toBe('1101**********3674')
  })

  it('reads a popup titled 健康提示 with its time under 弹窗时间', () => {
    const { kind, fields } = readScreenshot(OCR_CAPTURES['popup-02-travel.jpg'])
    expect(kind).toBe('popup')
    expect(fields).toMatchObject({ popupCode: '2', shownAt: '2022-07-16 13:21', suggestedCategory: 'travel' })
    // one message line came back at 0.91: prose that unsure is left out
    expect(fields.popupText).toBeUndefined()
  })

  it('takes no code from ⑫ read as ①2', () => {
    const { fields } = readScreenshot(OCR_CAPTURES['popup-07-medicine.jpg'])
    expect(fields.popupCode).toBeUndefined()
    expect(fields.shownAt).toBe('2021-12-13 08:43')
    expect(fields.suggestedCategory).toBe('medicine')
  })

  it('reads a chat that mentions 健康宝 and 弹窗 as unknown', () => {
    expect(readScreenshot(OCR_CAPTURES['other-01-chat.jpg'])).toEqual({ kind: 'unknown', fields: {} })
  })
})

describe('masked values OCR can spoil', () => {
  const idOf = (printed: string) => readScreenshot([TITLE, ...column(['姓名 王*明', '检测结果 阴性', `证件号码 ${printed}`])]).fields.idMasked
  it.each([
    ['1101**********1234', '1101**********1234'],
    ['110105********627X', '110105********627X'],
    ['110***********123x', '110***********123x'],
    ['1101***********1234', '1101**********1234'],
    ['1101*********1234', '1101**********1234'],
    ['5101米*********1705', '5101**********1705']
  ])('takes the ID %s as %s', (printed, read) => {
    expect(idOf(printed)).toBe(read)
  })
  it.each([['1101***********234'], ['5101************91'], ['310***********3*86'], ['1101**********6 *6562'], ['1101**1234'], ['110101199001011234'], ['1101**********12345']])(
    'leaves out the ID %s',
    (printed) => {
      expect(idOf(printed)).toBeUndefined()
    }
  )
  it('leaves out a name whose mask star was lost', () => {
    expect(readScreenshot([TITLE, ...column(['姓名：赵', '检测结果 阴性', '采样时间 2022-01-26 09:12'])]).fields.nameMasked).toBeUndefined()
  })
})
