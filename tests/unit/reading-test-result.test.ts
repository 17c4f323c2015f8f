// A nucleic-acid result page read into fields, from recognised-line fixtures in the shapes OCR gives.
import { readScreenshot } from '../../src/domain/reading'
import { column, line, negativeSample, row, statusBar } from './reading-lines'

const TITLE = line('核酸检测结果', 360, 140, 0.99, 60)
const read = (...lines: Parameters<typeof readScreenshot>[0]) => readScreenshot(lines)

describe('reading a test result page', () => {
  it('takes labels with a full-width or a half-width colon', () => {
    const { kind, fields } = read(TITLE, ...column(['姓名：王*明', '采样时间:2022-01-26 09:12', '检测结果：阴性']))
    expect(kind).toBe('test_result')
    expect(fields).toEqual({ nameMasked: '王*明', sampledAt: '2022-01-26 09:12', result: '阴性' })
  })

  it('takes a value in its own box to the right on the same row', () => {
    const { fields } = read(TITLE, ...row('采样时间', '2022-01-26 09:12', 300), ...row('检测结果', '阴性', 390), ...row('姓名', '王**', 480))
    expect(fields).toEqual({ sampledAt: '2022-01-26 09:12', result: '阴性', nameMasked: '王**' })
  })

  it('takes a value on the next line under its label', () => {
    const { fields } = read(
      TITLE,
      ...column(['采样时间', '2022-01-26 09:12', '检测时间', '2022-01-26 21:40', '检测结果', '阴性', '证件号码', '110***********123X'])
    )
    expect(fields).toEqual({
      sampledAt: '2022-01-26 09:12',
      testedAt: '2022-01-26 21:40',
      result: '阴性',
      idMasked: '110***********123X'
    })
  })

  it('reads a two-column grid: a label to the right is not the value, the line below is', () => {
    const grid = [
      TITLE,
      ...column(['姓名 王*明', '检测结果 阴性']),
      line('采样时间', 60, 600),
      line('检测时间', 560, 600),
      line('2022-01-26 09:12', 60, 670),
      line('2022-01-26 21:40', 560, 670)
    ]
    expect(read(...grid).fields).toMatchObject({ sampledAt: '2022-01-26 09:12', testedAt: '2022-01-26 21:40' })
  })

  it('never takes another label as a value', () => {
    const { fields } = read(TITLE, ...column(['采样时间', '检测时间 2022-01-26 21:40', '检测结果 阴性', '姓名 王*明']))
    expect(fields.sampledAt).toBeUndefined()
    expect(fields.testedAt).toBe('2022-01-26 21:40')
  })

  it('reads the other wordings of the labels and spaced-out labels', () => {
    const { fields } = read(
      TITLE,
      ...column(['采集时间 2022/01/26 09:12', '报告时间 2022年01月26日 21:40', '结果 阴性', '姓 名 王*明', '身份证号 1101**********1234', '采样机构 示例社区采样点'])
    )
    expect(fields).toEqual({
      sampledAt: '2022-01-26 09:12',
      testedAt: '2022-01-26 21:40',
      result: '阴性',
      nameMasked: '王*明',
      idMasked: '1101**********1234',
      institution: '示例社区采样点'
    })
  })

  it('copes with lost spaces, full-width digits and stars, seconds and an O for a zero', () => {
    const { fields } = read(
      TITLE,
      ...column(['采样时间 2022-01-2608:05', '检测时间 ２０２２－０１－２６　２１：４０：３３', '姓名 王＊明', '证件号码 11O1＊＊＊＊＊＊＊＊＊＊1234', '检测结果 阴性'])
    )
    expect(fields).toEqual({
      sampledAt: '2022-01-26 08:05',
      testedAt: '2022-01-26 21:40',
      nameMasked: '王*明',
      idMasked: '1101**********1234',
      result: '阴性'
    })
  })

  it('reads a positive result as printed, and 阴性(-) as 阴性', () => {
    expect(read(TITLE, ...column(['姓名 王*明', '采样时间 2022-01-26 09:12', '检测结果 阳性'])).fields.result).toBe('阳性')
    expect(read(TITLE, ...column(['姓名 王*明', '采样时间 2022-01-26 09:12', '检测结果 阴性（-）'])).fields.result).toBe('阴性')
    expect(read(TITLE, ...column(['姓名 王*明', '采样时间 2022-01-26 09:12', '检测结果 待复核'])).fields.result).toBe('待复核')
  })

  it('leaves out values that are not real: an impossible date, a time 25:61, a sentence as a result', () => {
    const { kind, fields } = read(TITLE, ...column(['姓名 王*明', '采样时间 2022-02-30 09:12', '检测时间 2022-01-26 25:61', '检测结果 请以医院出具的报告为准']))
    expect(kind).toBe('test_result')
    expect(fields).toEqual({ nameMasked: '王*明' })
  })

  it('leaves out a field read with low confidence', () => {
    const lines = [TITLE, ...column(['姓名 王*明', '检测结果 阴性']), line('采样时间 2022-01-26 09:12', 60, 480, 0.62)]
    expect(read(...lines).fields).toEqual({ nameMasked: '王*明', result: '阴性' })
    // the value in its own box: the value's confidence counts, not the label's
    expect(read(TITLE, ...column(['姓名 王*明', '检测结果 阴性']), ...row('检测时间', '2022-01-26 21:40', 480, 0.7)).fields.testedAt).toBeUndefined()
  })

  it('asks more confidence of the result: 阴 and 阳 are a stroke apart', () => {
    const lines = [TITLE, ...column(['姓名 王*明', '采样时间 2022-01-26 09:12']), line('检测结果 阴性', 60, 480, 0.86)]
    expect(read(...lines).fields).toEqual({ nameMasked: '王*明', sampledAt: '2022-01-26 09:12' })
  })

  it('leaves out both times when the test would have been tested before it was sampled', () => {
    const { fields } = read(TITLE, ...column(['姓名 王*明', '采样时间 2022-01-28 09:12', '检测时间 2022-01-26 21:40', '检测结果 阴性']))
    expect(fields).toEqual({ nameMasked: '王*明', result: '阴性' })
  })

  it('never takes the status-bar clock as a time', () => {
    const { fields } = read(...statusBar('21:40'), TITLE, ...column(['检测时间', '姓名 王*明', '检测结果 阴性', '采样时间']))
    expect(fields).toEqual({ nameMasked: '王*明', result: '阴性' })
  })

  it('leaves out a field printed twice with two different values', () => {
    const { fields } = read(TITLE, ...column(['姓名 王*明', '采样时间 2022-01-26 09:12', '检测结果 阴性', '采样时间 2022-01-25 10:00']))
    expect(fields.sampledAt).toBeUndefined()
    expect(fields.result).toBe('阴性')
  })

  it('is not fooled by a footer that starts with 结果', () => {
    expect(read(...negativeSample()).fields.result).toBe('阴性')
  })
})

describe('pages that are neither layout', () => {
  it('reads an unknown page as unknown with no fields', () => {
    expect(read(...statusBar(), ...column(['微信支付', '收款方 示例便利店', '2022-01-26 09:12', '金额 12.00']))).toEqual({ kind: 'unknown', fields: {} })
  })
  it('reads no lines as unknown', () => {
    expect(readScreenshot([])).toEqual({ kind: 'unknown', fields: {} })
  })
  it('reads one stray label as unknown, not as a result page', () => {
    expect(read(...column(['检测结果 阴性', '一些别的文字']))).toEqual({ kind: 'unknown', fields: {} })
  })
})
