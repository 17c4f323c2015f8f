// The one strict date/time reader (src/domain/dates.ts) and the text rules (src/domain/text.ts), and the
// form using them: the same verdicts the server gives (tests/hostile/input-dates, input-text).
import { beijingDateTimeToIso, beijingDayStartMs, isCalendarDate, parseCalendarDate, parseInstant } from '../../src/domain/dates'
import { isValidName } from '../../src/domain/identity'
import { isCleanLine, isCleanText } from '../../src/domain/text'
import { shanghaiToIso } from '../../src/domain/time'
import { emptyDraft, fieldHints, stepBlocking } from '../../src/stores/draft'

describe('calendar dates', () => {
  it('only days that exist, in 2000–2099', () => {
    for (const bad of ['0000-01-01', '2024-02-30', '2024-13-45', '2023-02-29', '2100-02-29', '1900-02-28', '2024-04-31', '2024-00-01', '2024-01-00', '2024-1-01', '24-01-01', '2024-01-01T00:00:00Z', '', ' 2024-01-01']) {
      expect([bad, isCalendarDate(bad)]).toEqual([bad, false])
    }
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 })
    expect(parseCalendarDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 })
    expect(isCalendarDate(20240101)).toBe(false)
  })

  it('a date is a Beijing day: it starts at 16:00 UTC the day before', () => {
    expect(new Date(beijingDayStartMs('2024-03-01')).toISOString()).toBe('2024-02-29T16:00:00.000Z')
    expect(beijingDayStartMs('2024-02-30')).toBeNaN()
  })
})

describe('instants', () => {
  it('RFC 3339 with an offset, on a real day and a real time', () => {
    expect(parseInstant('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59))
    expect(parseInstant('2024-03-01T07:59:59.999+08:00')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999))
    expect(parseInstant('2024-03-01T08:00:00.123456789+08:00')).toBe(Date.UTC(2024, 2, 1, 0, 0, 0, 123))
    for (const bad of ['2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00Z', '2024-01-01T00:00:60Z', '2024-01-01T00:00:00', '2024-01-01T00:00:00+15:00', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2024-01-01t00:00:00z', '2024-01-01 00:00:00Z', 'Mon, 01 Jan 2024 00:00:00 GMT']) {
      expect([bad, parseInstant(bad)]).toEqual([bad, null])
    }
  })

  it("a picker's Beijing date and time: no roll-over into the next month", () => {
    expect(beijingDateTimeToIso('2024-02-29', '07:05')).toBe('2024-02-28T23:05:00.000Z')
    expect(beijingDateTimeToIso('2024-02-30', '07:05')).toBeNull()
    expect(beijingDateTimeToIso('2024-02-28', '24:00')).toBeNull()
    expect(shanghaiToIso('2023-02-29', '08:00')).toBe('')
  })
})

describe('text and names', () => {
  it('control characters, lone surrogates and overrides are not text; line breaks only in paragraphs', () => {
    for (const bad of ['a\u0000', 'a\u0007', '\u001b[0m', 'a\ud800', '\udfffa', 'a\u202eb', 'a\u2066', 'a\uffff', 'a\u0085']) {
      expect([bad, isCleanLine(bad), isCleanText(bad)]).toEqual([bad, false, false])
    }
    expect([isCleanLine('一\n二'), isCleanText('一\n二\r\n\t三')]).toEqual([false, true])
    expect(isCleanText('😀 正常的 emoji 与 𠮷')).toBe(true)
  })

  it('names by the allow-list', () => {
    for (const ok of ['张三', '阿依古丽·买买提', '𠮷田', '王〇', 'Anna Maria', "O'Neil", 'Jean-Luc', 'José']) expect([ok, isValidName(ok)]).toEqual([ok, true])
    for (const bad of ['张', '张 三', '张3', '张三😀', '张\u0000三', '张\ud800三', '·张三', '张三·', '张··三', 'Anna  Maria', '-Anna', '张-三', '<b>张</b>', '张\u202e三']) {
      expect([bad, isValidName(bad)]).toEqual([bad, false])
    }
  })
})

describe('the form uses the same rules', () => {
  const NOW = new Date('2024-03-05T04:00:00Z')

  it('an impossible trigger date, need-by date or sampling day keeps the citizen on its step', () => {
    const d = { ...emptyDraft(NOW), category: 'medicine' as const, popupShot: 'p' }
    expect(stepBlocking(0, { ...d, triggerDate: '2024-02-30' }, NOW)).toBe('弹窗日期不正确，请重新选择')
    expect(stepBlocking(0, { ...d, triggerDate: '2024-02-29' }, NOW)).toBeNull()
    const bad = { ...d, negatives: [{ key: 'k', shot: 's', date: '2024-02-30', time: '09:00' }] }
    expect(stepBlocking(1, bad, NOW)).toBe('采样日期或时间不正确，请重新选择')
    expect(stepBlocking(2, { ...d, blockedFromTesting: true, negatives: [], needByDate: '2024-04-31', needByReason: 'train' }, NOW)).toBe('需要解除弹窗的日期不正确，请重新选择')
  })

  it('a statement with a control character is flagged as the citizen types', () => {
    expect(fieldHints({ name: '', idNumber: '', phone: '', statement: '说明\u0000' }).statement).toMatch(/无法识别的字符/)
    expect(fieldHints({ name: '张 三', idNumber: '', phone: '', statement: '' }).name).toMatch(/间隔号/)
  })
})
