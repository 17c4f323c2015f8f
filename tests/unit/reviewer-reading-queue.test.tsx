// The queue side of issue 13: the 「截图与填写不符」 filter asks the server for flag=mismatch, and the flag is
// shown on queue rows and on the review screen's flags card.
import { fireEvent, render, screen } from '@testing-library/react'
import Taro, { resetTaroMock, storage } from './mocks/taro'
import type { AppealSummary, ReviewAppealResponse } from '../../types/api'
import { useReview, DEFAULT_FILTERS } from '../../src/reviewer/stores/review'
import QueueFilters from '../../src/reviewer/pages/queue/QueueFilters'
import RowFlags from '../../src/reviewer/pages/queue/RowFlags'
import FlagsCard from '../../src/reviewer/pages/review/FlagsCard'

const req = Taro.request as jest.Mock
const future = () => new Date(Date.now() + 3600_000).toISOString()
const FLAGS = { blockedFromTesting: false, needBy: null, urged: false, overdue: false, reusedScreenshot: false, linkedAppealIds: [], stillPopped: false, shotMismatch: false }

beforeEach(() => {
  resetTaroMock()
  req.mockReset()
  storage.set('pa.reviewer.session', JSON.stringify({ token: 'tok-reviewer-000000000000', expiresAt: future(), reviewer: { id: 'r1', username: 'r', districts: ['朝阳区'], supervisor: false } }))
  useReview.setState({ filters: { ...DEFAULT_FILTERS }, items: [], counts: {}, nextCursor: null, cursorIndex: 0, filtersIgnored: false })
})

it('the 截图与填写不符 chip filters the queue with flag=mismatch, and pressed again clears it', async () => {
  const urls: string[] = []
  req.mockImplementation((c: { url: string }) => {
    urls.push(c.url.replace(/^.*\/api\/v1/, ''))
    return Promise.resolve({ statusCode: 200, data: JSON.stringify({ counts: {}, items: [], nextCursor: null }) })
  })
  render(<QueueFilters wide sort='priority' sortBy={() => undefined} />)
  const chip = document.getElementById('filter-flag-mismatch')!
  expect(chip).toHaveTextContent('截图与填写不符')
  fireEvent.click(chip)
  await new Promise((r) => setTimeout(r, 0))
  expect(useReview.getState().filters.flag).toBe('mismatch')
  expect(urls.at(-1)).toContain('flag=mismatch')
  fireEvent.click(document.getElementById('filter-flag-mismatch')!)
  await new Promise((r) => setTimeout(r, 0))
  expect(useReview.getState().filters.flag).toBeUndefined()
  expect(urls.at(-1)).not.toContain('flag=')
})

it('a queue row carries the flag', () => {
  const { rerender, container } = render(<RowFlags flags={{ ...FLAGS, shotMismatch: true }} />)
  expect(screen.getByText('截图与填写不符')).toHaveClass('flag--bad')
  rerender(<RowFlags flags={FLAGS} />)
  expect(container).not.toHaveTextContent('截图与填写不符')
  // a server from before issue 13 sends no such flag
  const { shotMismatch: _none, ...older } = FLAGS
  rerender(<RowFlags flags={older as unknown as AppealSummary['flags']} />)
  expect(container).not.toHaveTextContent('截图与填写不符')
})

it('the review screen’s flags card says it, in words as well as colour', () => {
  const appeal = { overdue: false, urgedAt: null, flags: { ...FLAGS, shotMismatch: true } } as unknown as ReviewAppealResponse
  const { rerender } = render(<FlagsCard appeal={appeal} />)
  expect(document.getElementById('review-flag-mismatch')).toHaveTextContent('⚠ 截图与填写不符')
  expect(document.getElementById('review-flags')).not.toHaveTextContent('无')
  rerender(<FlagsCard appeal={{ ...appeal, flags: { ...FLAGS, shotMismatch: false } } as unknown as ReviewAppealResponse} />)
  expect(document.getElementById('review-flag-mismatch')).toBeNull()
  expect(document.getElementById('review-flags')).toHaveTextContent('无')
})
