// The review screen asks again while a screenshot is still being read, takes only the readings, rules and flags
// from the answer, and stops once nothing is pending.
import { act, render } from '@testing-library/react'
import Taro, { resetTaroMock, storage } from './mocks/taro'
import type { ReviewAppealResponse } from '../../types/api'
import type { ShotReading } from '../../types/reading'
import { useReview } from '../../src/reviewer/stores/review'
import { useReadingRefresh } from '../../src/reviewer/pages/review/useReadingRefresh'

const req = Taro.request as jest.Mock
const future = () => new Date(Date.now() + 3600_000).toISOString()

const shot = (status: ShotReading['reading']['status']): ShotReading => ({
  shot: 'n1',
  role: 'negative_test',
  index: 0,
  reading: status === 'done' ? { status, kind: 'test_result', fields: { sampledAt: '2022-01-26 09:12' } } : { status, kind: 'unknown', fields: {} },
  mismatches: status === 'done' ? [{ field: 'sampledAt', typed: '2026-01-27 08:02', read: '2022-01-26 09:12' }] : []
})

const FLAGS = { blockedFromTesting: false, needBy: null, urged: false, overdue: false, reusedScreenshot: false, linkedAppealIds: [], stillPopped: false, shotMismatch: false }

function appeal(status: ShotReading['reading']['status'], extra: Partial<ReviewAppealResponse> = {}): ReviewAppealResponse {
  return { id: 'a1', status: 'in_review', shots: [shot(status)], evidence: [], flags: FLAGS, leaseUntil: 'mine', ...extra } as unknown as ReviewAppealResponse
}

function Probe() {
  useReadingRefresh(useReview((s) => s.current))
  return null
}

async function tick(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms)
    await Promise.resolve()
  })
  // let the mocked request's promise chain settle
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

beforeEach(() => {
  jest.useFakeTimers()
  resetTaroMock()
  req.mockReset()
  storage.set('pa.reviewer.session', JSON.stringify({ token: 'tok-reviewer-000000000000', expiresAt: future(), reviewer: { id: 'r1', username: 'r', districts: ['朝阳区'], supervisor: false } }))
})

afterEach(() => jest.useRealTimers())

it('refreshes a pending reading until it is done, keeping the rest of the appeal in hand', async () => {
  let answer = appeal('pending')
  req.mockImplementation(() => Promise.resolve({ statusCode: 200, data: JSON.stringify(answer) }))
  useReview.setState({ current: appeal('pending') })
  render(<Probe />)

  await tick(3000)
  expect(req).toHaveBeenCalledTimes(1)
  expect(req.mock.calls[0][0].url).toMatch(/\/review\/appeals\/a1$/)
  expect(useReview.getState().current?.shots[0].reading.status).toBe('pending')

  answer = appeal('done', { flags: { ...FLAGS, shotMismatch: true }, leaseUntil: 'theirs' } as Partial<ReviewAppealResponse>)
  await tick(3000)
  const now = useReview.getState().current!
  expect(now.shots[0].reading.status).toBe('done')
  expect(now.shots[0].mismatches).toHaveLength(1)
  expect(now.flags.shotMismatch).toBe(true)
  // the decision side is this page's own: not taken from the refresh
  expect(now.leaseUntil).toBe('mine')

  // nothing pending any more: no more requests
  await tick(9000)
  expect(req).toHaveBeenCalledTimes(2)
})

it('does not ask when nothing is pending', async () => {
  req.mockImplementation(() => Promise.resolve({ statusCode: 200, data: JSON.stringify(appeal('done')) }))
  useReview.setState({ current: appeal('failed') })
  render(<Probe />)
  await tick(9000)
  expect(req).not.toHaveBeenCalled()
})
