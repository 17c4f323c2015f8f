// Where a reading disagrees with what was typed (mismatchesFor), and the masks it compares.
import { idMatchesMask, mismatchesFor, nameMatchesMask } from '../../src/domain/reading'
import type { Reading } from '../../types/reading'

const test = (fields: Reading['fields'], status: Reading['status'] = 'done'): Reading => ({ status, kind: 'test_result', fields })
const ID = '110101199001011234'
const TYPED = { sampledAt: '2022-01-26T01:12:00.000Z', name: '王小明', idNumber: ID }
const READ = { sampledAt: '2022-01-26 09:12', result: '阴性', nameMasked: '王*明', idMasked: '1101**********1234' }

describe('masked names', () => {
  it.each([
    ['王*明', '王小明', true],
    ['王*明', '王明', false],
    ['王*明', '张小明', false],
    ['王*明', '王小亮', false],
    ['王**', '王小明', true],
    ['王**', '王明明', true],
    ['王**', '王明', true],
    ['王**', '张小明', false],
    ['王*', '王', false],
    ['欧阳*锋', '欧阳小锋', true],
    ['王小明', '王小明', true],
    ['王小明', '王晓明', false]
  ])('%s against %s: %s', (mask, typed, same) => {
    expect(nameMatchesMask(mask, typed)).toBe(same)
  })
})

describe('masked IDs', () => {
  it.each([
    ['1101**********1234', ID, true],
    ['1101**********1235', ID, false],
    ['1102**********1234', ID, false],
    ['110***********123x', '11010119900101123X', true],
    ['110***********123X', '11010119900101123x', true],
    ['110***********123X', ID, false],
    // another mask length: aligned by its visible head and tail
    ['1101******1234', ID, true],
    ['1101******1299', ID, false]
  ])('%s against %s: %s', (mask, typed, same) => {
    expect(idMatchesMask(mask, typed)).toBe(same)
  })
})

describe('mismatchesFor', () => {
  it('finds none when the reading agrees with the form', () => {
    expect(mismatchesFor({ role: 'negative_test', reading: test(READ), typed: TYPED })).toEqual([])
  })

  it('allows a minute for the picker, not more', () => {
    expect(mismatchesFor({ role: 'negative_test', reading: test({ sampledAt: '2022-01-26 09:13' }), typed: TYPED })).toEqual([])
    expect(mismatchesFor({ role: 'negative_test', reading: test({ sampledAt: '2022-01-26 09:14' }), typed: TYPED })).toEqual([
      { field: 'sampledAt', typed: '2022-01-26 09:12', read: '2022-01-26 09:14' }
    ])
  })

  it('lists every field that disagrees, with the typed value as the reviewer should see it', () => {
    const reading = test({ sampledAt: '2022-01-27 08:02', result: '阳性', nameMasked: '张*三', idMasked: '3201**********5678' })
    expect(mismatchesFor({ role: 'negative_test', reading, typed: { ...TYPED, sampledAt: '2026-01-27T00:02:00.000Z' } })).toEqual([
      { field: 'sampledAt', typed: '2026-01-27 08:02', read: '2022-01-27 08:02' },
      { field: 'result', typed: '阴性', read: '阳性' },
      { field: 'nameMasked', typed: '王小明', read: '张*三' },
      { field: 'idMasked', typed: ID, read: '3201**********5678' }
    ])
  })

  it('compares only what was read and what was typed', () => {
    expect(mismatchesFor({ role: 'negative_test', reading: test({ result: '阴性' }), typed: TYPED })).toEqual([])
    expect(mismatchesFor({ role: 'negative_test', reading: test(READ), typed: {} })).toEqual([])
  })

  it('finds nothing in a reading that is not done', () => {
    for (const status of ['pending', 'failed', 'skipped'] as const) {
      expect(mismatchesFor({ role: 'negative_test', reading: test({ result: '阳性' }, status), typed: TYPED })).toEqual([])
    }
  })

  it('flags a screenshot of the wrong kind, both ways; unknown is no mismatch', () => {
    const asPopup: Reading = { status: 'done', kind: 'popup', fields: { popupCode: '4' } }
    expect(mismatchesFor({ role: 'negative_test', reading: asPopup, typed: TYPED })).toEqual([{ field: 'kind', typed: 'test_result', read: 'popup' }])
    expect(mismatchesFor({ role: 'popup', reading: test(READ), typed: { category: 'medicine' } })).toEqual([{ field: 'kind', typed: 'popup', read: 'test_result' }])
    expect(mismatchesFor({ role: 'negative_test', reading: { status: 'done', kind: 'unknown', fields: {} }, typed: TYPED })).toEqual([])
  })

  it('flags a popup whose text suggests another situation than the one chosen', () => {
    const reading: Reading = { status: 'done', kind: 'popup', fields: { suggestedCategory: 'medicine', popupCode: '4' } }
    expect(mismatchesFor({ role: 'popup', reading, typed: { category: 'travel' } })).toEqual([{ field: 'category', typed: 'travel', read: 'medicine' }])
    expect(mismatchesFor({ role: 'popup', reading, typed: { category: 'medicine' } })).toEqual([])
    // 不确定 is not a contradiction
    expect(mismatchesFor({ role: 'popup', reading, typed: { category: 'unknown' } })).toEqual([])
  })
})
