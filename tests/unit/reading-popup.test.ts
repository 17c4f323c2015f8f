// A health-code page with a popup read into fields, from recognised-line fixtures.
import { parsePopupCode, readScreenshot, suggestCategory } from '../../src/domain/reading'
import { line, popupSample, statusBar } from './reading-lines'

/** A popup dialog: title, message lines, the code line, the button. */
function popup(message: string[], codeLine = '弹窗编号④·2022-01-2808:05', score = 0.97) {
  return [
    line('温馨提示', 460, 820, 0.99),
    ...message.map((m, i) => line(m, 140, 920 + i * 70, score)),
    line(codeLine, 300, 920 + message.length * 70 + 40, 0.95),
    line('我知道了', 460, 920 + message.length * 70 + 170, 0.99)
  ]
}

describe('reading a popup page', () => {
  it('classifies the sample as a popup even with the status bar', () => {
    expect(readScreenshot([...statusBar('08:06'), ...popupSample()]).kind).toBe('popup')
  })

  it('never takes the status-bar clock as the time shown', () => {
    const lines = [...statusBar('21:40'), ...popup(['您存在时空伴随风险，', '请于24小时内完成核酸检测。'], '弹窗编号 ④')]
    const { fields } = readScreenshot(lines)
    expect(fields.shownAt).toBeUndefined()
    expect(fields.popupCode).toBe('4')
  })

  it.each([
    ['④', '4'],
    ['⑫', '12'],
    [':04', '4'],
    ['：7 2022-01-28 08:05', '7'],
    [' ❸', '3'],
    ['1：2021/06/1107:21', '1']
  ])('reads the code after 弹窗编号%s as %s', (after, code) => {
    expect(parsePopupCode(after)).toBe(code)
  })

  it('reads no code when the digits run into a date', () => {
    expect(parsePopupCode('2022-01-28 08:05')).toBeNull()
    expect(parsePopupCode('42022-01-28')).toBeNull()
    expect(parsePopupCode('12:30')).toBeNull()
    expect(parsePopupCode('①2·2021年12月13日08:43')).toBeNull()
    expect(readScreenshot(popup(['请于72小时内完成核酸检测。'], '弹窗编号 2022-01-28 08:05')).fields).toMatchObject({
      shownAt: '2022-01-28 08:05'
    })
    expect(readScreenshot(popup(['请于72小时内完成核酸检测。'], '弹窗编号 2022-01-28 08:05')).fields.popupCode).toBeUndefined()
  })

  it('reads a code printed in its own box beside the label', () => {
    const lines = [...popup(['请于72小时内完成核酸检测。'], '弹窗编号'), line('⑤', 700, 920 + 70 + 40, 0.9)]
    expect(readScreenshot(lines).fields.popupCode).toBe('5')
  })

  it('takes the time with its seconds dropped, from the page when the code line has none', () => {
    const lines = [...popup(['请于72小时内完成核酸检测。'], '弹窗编号 ④'), line('2022-01-28 08:05:41', 380, 1900, 0.95)]
    expect(readScreenshot(lines).fields.shownAt).toBe('2022-01-28 08:05')
  })

  it('leaves the time out when the page prints two that differ and the popup none', () => {
    const lines = [...popup(['请于72小时内完成核酸检测。'], '弹窗编号 ④'), line('2022-01-28 08:05', 380, 1900), line('2022-01-27 10:00', 380, 2000)]
    expect(readScreenshot(lines).fields.shownAt).toBeUndefined()
  })

  it('leaves the message out when one of its lines was read with low confidence', () => {
    const { fields } = readScreenshot(popup(['您于元旦后购买过退热、止咳、抗感染、', '治疗咽干咽痛类药品'], undefined, 0.5))
    expect(fields.popupText).toBeUndefined()
    expect(fields.popupCode).toBe('4')
  })

  it('leaves the message out without a title to start it', () => {
    const { kind, fields } = readScreenshot(popupSample().filter((l) => l.text !== '温馨提示'))
    expect(kind).toBe('popup')
    expect(fields.popupText).toBeUndefined()
    // the category still comes from what the page says
    expect(fields.suggestedCategory).toBe('medicine')
  })

  it('suggests the situation from the message', () => {
    const travel = readScreenshot(popup(['您有外省旅居史，', '请于24小时内完成核酸检测。']))
    expect(travel.fields.suggestedCategory).toBe('travel')
    expect(travel.fields.popupText).toBe('您有外省旅居史，请于24小时内完成核酸检测。')
    expect(suggestCategory('您14天内有进（返）京行为')).toBe('travel')
    expect(suggestCategory('您的活动轨迹与确诊病例有交集')).toBe('trajectory')
    expect(suggestCategory('经大数据分析，您存在时空伴随风险')).toBe('trajectory')
    expect(suggestCategory('您于元旦后购买过退热药品')).toBe('medicine')
  })

  it('suggests nothing when the message names no situation, or more than one', () => {
    expect(readScreenshot(popup(['请于72小时内完成核酸检测。'])).fields.suggestedCategory).toBeUndefined()
    expect(suggestCategory('您有外省旅居史，且购买过退热药品')).toBeUndefined()
  })
})
