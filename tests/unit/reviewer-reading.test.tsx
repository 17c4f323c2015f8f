// The reviewer's view of what each screenshot says (issue 13): read vs typed per field, 不符 marked in words
// (not colour alone) with one sentence for a screen reader, the reading's states, and the rules' source tags.
import { render, screen, within } from '@testing-library/react'
import type { ReviewAppealResponse } from '../../types/api'
import type { Reading, ShotReading } from '../../types/reading'
import ShotReadingCard from '../../src/reviewer/components/ShotReadingCard'
import { RuleChecksCard, ShotsColumn } from '../../src/reviewer/pages/review/EvidencePanel'
import { mismatchSentence, readingRows, readingState, shotFor, sourceTag } from '../../src/reviewer/reading'

const done = (kind: Reading['kind'], fields: Reading['fields'] = {}): Reading => ({ status: 'done', kind, fields })

const testShot = (over: Partial<ShotReading> = {}): ShotReading => ({
  shot: 'n1',
  role: 'negative_test',
  index: 0,
  reading: done('test_result', { sampledAt: '2022-01-27 08:02', result: '阴性', nameMasked: '王*明', idMasked: '1101**********1234' }),
  mismatches: [],
  ...over
})

const popupShot = (over: Partial<ShotReading> = {}): ShotReading => ({
  shot: 'p1',
  role: 'popup',
  index: null,
  reading: done('popup', { popupCode: '4', shownAt: '2022-01-28 08:05', suggestedCategory: 'medicine' }),
  mismatches: [],
  ...over
})

function appeal(shots?: ShotReading[]): ReviewAppealResponse {
  return {
    id: 'a1',
    trackingNo: 'TC2201280001',
    status: 'in_review',
    category: 'medicine',
    district: '朝阳区',
    triggerDate: null,
    blockedFromTesting: false,
    needBy: null,
    popupShot: 'p1',
    // 2026-01-27 08:02 in Beijing
    negativeTests: [{ shot: 'n1', sampledAt: '2026-01-27T00:02:00.000Z' }],
    applicant: { name: '王小明', idNumber: '110105194912310021', phone: '13812345678' },
    statement: '',
    createdAt: '2026-01-28T00:00:00.000Z',
    updatedAt: '2026-01-28T00:00:00.000Z',
    timeline: [],
    decision: null,
    dueAt: '2026-01-29T00:00:00.000Z',
    overdue: false,
    queue: null,
    urgedAt: null,
    urgeAvailableAt: null,
    withdrawReason: null,
    rating: null,
    correction: null,
    leaseUntil: null,
    claimedBy: 'r1',
    flags: { blockedFromTesting: false, needBy: null, urged: false, overdue: false, reusedScreenshot: false, linkedAppealIds: [], stillPopped: false, shotMismatch: false },
    evidence: [],
    shots: shots ?? []
  }
}

const timeMismatch = { field: 'sampledAt' as const, typed: '2026-01-27 08:02', read: '2022-01-27 08:02' }
const nameMismatch = { field: 'nameMasked' as const, typed: '张小明', read: '王*明' }

describe('readingRows', () => {
  it('lays a test result out as typed vs read, the server’s mismatches taking their own values', () => {
    const rows = readingRows(testShot({ mismatches: [timeMismatch] }), appeal())
    expect(rows.map((r) => r.field)).toEqual(['sampledAt', 'result', 'nameMasked', 'idMasked'])
    expect(rows[0]).toEqual({ field: 'sampledAt', label: '采样时间', typed: '2026-01-27 08:02', read: '2022-01-27 08:02', mismatch: true })
    expect(rows[1]).toMatchObject({ typed: '阴性', read: '阴性', mismatch: false })
    expect(rows[2]).toMatchObject({ typed: '王小明', read: '王*明', mismatch: false })
    expect(rows[3]).toMatchObject({ typed: '110105194912310021', read: '1101**********1234', mismatch: false })
  })

  it('a field the reader left out is unread (null), never filled in', () => {
    const rows = readingRows(testShot({ reading: done('test_result', { result: '阴性' }) }), appeal())
    expect(rows.find((r) => r.field === 'sampledAt')).toMatchObject({ read: null, typed: '2026-01-27 08:02', mismatch: false })
  })

  it('a popup shows its situation in words, the typed category beside it', () => {
    const rows = readingRows(popupShot({ mismatches: [{ field: 'category', typed: 'travel', read: 'medicine' }] }), appeal())
    expect(rows.map((r) => r.label)).toEqual(['弹窗类型/情形', '弹窗时间', '弹窗编号'])
    expect(rows[0]).toMatchObject({ typed: '进（返）京弹窗', read: '购药弹窗', mismatch: true })
    expect(rows[1]).toMatchObject({ typed: '—', read: '2022-01-28 08:05' })
    expect(readingRows(popupShot(), appeal())[0]).toMatchObject({ typed: '购药弹窗', read: '购药弹窗', mismatch: false })
  })

  it('a screenshot of the wrong kind for its slot is that one row, nothing compared field by field', () => {
    const rows = readingRows(testShot({ reading: done('popup', { popupCode: '4' }), mismatches: [{ field: 'kind', typed: 'test_result', read: 'popup' }] }), appeal())
    expect(rows).toEqual([{ field: 'kind', label: '截图类型', typed: '核酸结果', read: '健康宝弹窗', mismatch: true }])
  })

  it('words a mismatch as one sentence', () => {
    const [row] = readingRows(testShot({ mismatches: [timeMismatch] }), appeal())
    expect(mismatchSentence(row)).toBe('采样时间不符：填写 2026-01-27 08:02，截图 2022-01-27 08:02')
  })
})

describe('reading states and sources', () => {
  it('says what a reading without fields to compare is', () => {
    expect(readingState(testShot({ reading: { status: 'pending', kind: 'unknown', fields: {} } }))).toBe('正在识别…')
    expect(readingState(testShot({ reading: { status: 'failed', kind: 'unknown', fields: {} } }))).toBe('未能识别，请人工核对')
    expect(readingState(testShot({ reading: { status: 'skipped', kind: 'unknown', fields: {} } }))).toBe('未识别')
    expect(readingState(testShot({ reading: done('unknown') }))).toBe('无法识别截图类型')
    expect(readingState(testShot())).toBeNull()
  })

  it('finds a slot’s reading, and none from a server that sends no shots', () => {
    const shots = [popupShot(), testShot()]
    expect(shotFor(appeal(shots), 'negative_test', 0)?.shot).toBe('n1')
    expect(shotFor(appeal(shots), 'popup', null)?.shot).toBe('p1')
    expect(shotFor(appeal(shots), 'negative_test', 1)).toBeUndefined()
    // reading off on the server: nothing shown under the picture
    expect(shotFor(appeal([testShot({ reading: { status: 'skipped', kind: 'unknown', fields: {} } })]), 'negative_test', 0)).toBeUndefined()
    expect(shotFor(appeal(), 'popup', null)).toBeUndefined()
    // a server from before issue 13
    expect(shotFor({ ...appeal(), shots: undefined } as unknown as ReviewAppealResponse, 'popup', null)).toBeUndefined()
  })

  it('tags a rule by the values it used', () => {
    const check = { rule: 'recent' as const, ok: false, message: '…' }
    expect(sourceTag({ ...check, source: 'read' })).toBe('按截图')
    expect(sourceTag({ ...check, source: 'typed' })).toBe('按填写')
    expect(sourceTag({ ...check, source: 'mixed' })).toBe('部分按截图')
    expect(sourceTag(check)).toBeNull()
  })
})

describe('ShotReadingCard', () => {
  it('desk: a table whose mismatched row shows ⚠ 不符 and both values, and is heard as one sentence', () => {
    render(<ShotReadingCard id='reading-negative-0' shot={testShot({ mismatches: [timeMismatch, nameMismatch] })} appeal={appeal()} wide />)
    const card = document.getElementById('reading-negative-0')!
    expect(card).toHaveTextContent('截图识别（2 项不符）')
    const row = document.getElementById('reading-negative-0-sampledAt')!
    expect(row).toHaveAttribute('data-mismatch', '1')
    expect(within(row).getByText('⚠ 不符')).toBeInTheDocument()
    expect(within(row).getByText('采样时间不符：填写 2026-01-27 08:02，截图 2022-01-27 08:02')).toHaveClass('shot-reading__sr')
    // the visible cells are hidden from the screen reader, which hears the sentence instead
    expect(row.querySelector('.shot-reading__cells')).toHaveAttribute('aria-hidden', 'true')
    expect(row.querySelector('.shot-reading__typed')).toHaveTextContent('2026-01-27 08:02')
    expect(row.querySelector('.shot-reading__read')).toHaveTextContent('2022-01-27 08:02')
    const agreeing = document.getElementById('reading-negative-0-result')!
    expect(agreeing).toHaveAttribute('data-mismatch', '0')
    expect(within(agreeing).queryByText('⚠ 不符')).toBeNull()
    expect(agreeing).toHaveTextContent('一致')
    expect(screen.getByText('项目')).toBeInTheDocument()
  })

  it('phone: one compact block per field, each value introduced by 填写 / 截图', () => {
    render(<ShotReadingCard id='r' shot={testShot({ mismatches: [nameMismatch] })} appeal={appeal()} wide={false} />)
    expect(screen.queryByText('项目')).toBeNull()
    const row = document.getElementById('r-nameMasked')!
    expect(row.querySelector('.shot-reading__typed')).toHaveTextContent('填写 张小明')
    expect(row.querySelector('.shot-reading__read')).toHaveTextContent('截图 王*明')
    expect(within(row).getByText('⚠ 不符')).toBeInTheDocument()
  })

  it('shows the reading’s state instead of rows while pending, after a failure, and for an unknown layout', () => {
    const { rerender } = render(<ShotReadingCard id='r' shot={testShot({ reading: { status: 'pending', kind: 'unknown', fields: {} } })} appeal={appeal()} wide />)
    expect(document.getElementById('r-state')).toHaveTextContent('正在识别…')
    expect(document.querySelector('[role="listitem"]')).toBeNull()
    rerender(<ShotReadingCard id='r' shot={testShot({ reading: { status: 'failed', kind: 'unknown', fields: {} } })} appeal={appeal()} wide />)
    expect(document.getElementById('r-state')).toHaveTextContent('未能识别，请人工核对')
    rerender(<ShotReadingCard id='r' shot={testShot({ reading: done('unknown') })} appeal={appeal()} wide />)
    expect(document.getElementById('r-state')).toHaveTextContent('无法识别截图类型')
  })

  it('says nothing for a server that sends no readings', () => {
    const { container } = render(<ShotReadingCard id='r' shot={undefined} appeal={appeal()} wide />)
    expect(container).toBeEmptyDOMElement()
  })
})

describe('evidence panel', () => {
  it('puts each screenshot’s reading under it', () => {
    render(<ShotsColumn appeal={appeal([popupShot(), testShot({ mismatches: [timeMismatch] })])} now={Date.parse('2026-01-28T01:00:00Z')} blocked={false} />)
    expect(document.getElementById('reading-popup')).toHaveTextContent('购药弹窗')
    // 一致 only where the form had something to compare: the form has no popup time
    expect(document.getElementById('reading-popup-category')).toHaveTextContent('一致')
    expect(document.getElementById('reading-popup-shownAt')).not.toHaveTextContent('一致')
    expect(document.getElementById('reading-negative-0-sampledAt')).toHaveTextContent('⚠ 不符')
    expect(document.querySelectorAll('.rv__shot--read')).toHaveLength(2)
  })

  it('tags each rule with the values it used', () => {
    const a = appeal()
    a.evidence = [
      { rule: 'has_test', ok: true, message: '已提供 1 次核酸阴性截图' },
      { rule: 'recent', ok: false, message: '最近一次采样需在 72 小时内（按截图读到的时间）', source: 'read' },
      { rule: 'not_in_future', ok: true, message: '采样时间均早于现在', source: 'typed' }
    ]
    render(<RuleChecksCard appeal={a} />)
    const tag = (rule: string) => document.querySelector(`[data-rule="${rule}"] .checks__source`)
    expect(tag('recent')).toHaveTextContent('按截图')
    expect(tag('not_in_future')).toHaveTextContent('按填写')
    expect(tag('has_test')).toBeNull()
  })
})
