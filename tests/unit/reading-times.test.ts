// Date-times as screenshots print them, read strictly (src/domain/reading/times.ts).
import { findReadTimes, isoToReadTime, parseReadTime, readTimeToIso } from '../../src/domain/reading'

describe('reading printed date-times', () => {
  it.each([
    ['2022-01-26 09:12', '2022-01-26 09:12'],
    ['2022-01-2808:05', '2022-01-28 08:05'],
    ['2022/01/26 09:12', '2022-01-26 09:12'],
    ['2022年01月26日 09:12', '2022-01-26 09:12'],
    ['2022年1月6日9:05', '2022-01-06 09:05'],
    ['２０２２－０１－２６　０９：１２', '2022-01-26 09:12'],
    ['2O22-01-26 09:1O', '2022-01-26 09:10'],
    ['2022-01-26 09:12:33', '2022-01-26 09:12'],
    ['2022.01.26 09:12', '2022-01-26 09:12'],
    ['弹窗编号④·2022-01-2808:05', '2022-01-28 08:05']
  ])('reads %s as %s', (printed, read) => {
    expect(parseReadTime(printed)).toBe(read)
  })

  it.each([
    ['2022-02-30 09:12', 'a day that does not exist'],
    ['2022-01-26 25:61', 'a time that does not exist'],
    ['2022-01-26 09:12:75', 'seconds that do not exist'],
    ['1999-01-26 09:12', 'a year outside the service'],
    ['2022-1-208:05', 'a glued day and hour that could split two ways'],
    ['21:40', 'a clock without a date'],
    ['2022-01-26', 'a date without a time'],
    ['2022-01-26 09:12 至 2022-01-27 10:00', 'two times that disagree']
  ])('leaves out %s (%s)', (printed) => {
    expect(parseReadTime(printed)).toBeNull()
  })

  it('does not turn the O of a word into a zero', () => {
    expect(findReadTimes('Org 2022-01-26 09:12')).toEqual(['2022-01-26 09:12'])
  })

  it('converts Beijing read times to instants and back', () => {
    expect(readTimeToIso('2022-01-26 09:12')).toBe('2022-01-26T01:12:00.000Z')
    expect(readTimeToIso('2022-01-01 03:00')).toBe('2021-12-31T19:00:00.000Z')
    expect(readTimeToIso('2022-02-29 09:12')).toBeNull()
    expect(readTimeToIso('2022-01-26T09:12')).toBeNull()
    expect(isoToReadTime('2022-01-26T01:12:59.000Z')).toBe('2022-01-26 09:12')
    expect(isoToReadTime('2022-01-26T09:12:00+08:00')).toBe('2022-01-26 09:12')
    expect(isoToReadTime('yesterday')).toBeNull()
  })
})
