// The reviewer's queue store: filters and keyset paging against the API contract, graceful fallback,
// the J/K cursor, auto-next after a decision, and a lost session.
import Taro, { resetTaroMock, storage } from './mocks/taro'
import { useReview, DEFAULT_FILTERS } from '../../src/reviewer/stores/review'

const req = Taro.request as jest.Mock
const future = () => new Date(Date.now() + 3600_000).toISOString()

type Call = { url: string; method: string; data?: unknown; header: Record<string, string> }
type Reply = { statusCode: number; data?: unknown }

function summary(id: string, status = 'queued') {
  return { id, trackingNo: `T-${id}`, status, category: 'medicine', district: '朝阳区', createdAt: '2022-01-28T00:00:00.000Z', updatedAt: '2022-01-28T00:00:00.000Z', decision: null, dueAt: future(), overdue: false }
}

function full(id: string) {
  return { ...summary(id, 'in_review'), popupShot: 'u1', negativeTests: [], applicant: { name: '张三', idNumber: 'x', phone: 'y' }, statement: '', timeline: [], leaseUntil: future(), claimedBy: 'r1', evidence: [] }
}

/** Answers requests with `route(call)`, recording every call. */
function serve(route: (c: Call) => Reply | undefined): Call[] {
  const calls: Call[] = []
  req.mockImplementation((c: Call) => {
    calls.push(c)
    const r = route(c) ?? { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '找不到该内容' } } }
    return Promise.resolve({ statusCode: r.statusCode, data: r.data === undefined ? '' : JSON.stringify(r.data) })
  })
  return calls
}

const path = (c: Call) => c.url.replace(/^.*\/api\/v1/, '')

beforeEach(() => {
  resetTaroMock()
  req.mockReset()
  storage.set('pa.reviewer.session', JSON.stringify({ token: 'tok-reviewer-000000000000', expiresAt: future(), reviewer: { id: 'r1', username: 'r', districts: ['朝阳区'], supervisor: false } }))
  useReview.setState({ filters: { ...DEFAULT_FILTERS }, items: [], counts: {}, nextCursor: null, cursorIndex: 0, current: null, done: null, lastDone: null, authLost: false, claiming: false, acting: false, queueEmpty: false })
})

describe('queue store', () => {
  it('loads the first page by priority with the contract’s query params and keeps the cursor', async () => {
    const calls = serve(() => ({ statusCode: 200, data: { counts: { queued: 3, in_review: 1 }, items: [summary('a'), summary('b')], nextCursor: 'c2' } }))
    await useReview.getState().loadQueue()
    expect(path(calls[0])).toBe('/review/queue?status=queued&sort=priority&limit=30')
    expect(calls[0].header.Authorization).toBe('Bearer tok-reviewer-000000000000')
    const s = useReview.getState()
    expect(s.items.map((a) => a.id)).toEqual(['a', 'b'])
    expect(s.counts.queued).toBe(3)
    expect(s.nextCursor).toBe('c2')
    expect(s.queueStatus).toBe('ready')
  })

  it('pages on with nextCursor, appending without duplicates, until there is no cursor', async () => {
    const calls = serve((c) => {
      const p = path(c)
      if (p.includes('cursor=c2')) return { statusCode: 200, data: { counts: {}, items: [summary('b'), summary('c')], nextCursor: null } }
      return { statusCode: 200, data: { counts: {}, items: [summary('a'), summary('b')], nextCursor: 'c2' } }
    })
    await useReview.getState().loadQueue()
    await useReview.getState().loadMore()
    expect(path(calls[1])).toBe('/review/queue?status=queued&sort=priority&cursor=c2&limit=30')
    expect(useReview.getState().items.map((a) => a.id)).toEqual(['a', 'b', 'c'])
    expect(useReview.getState().nextCursor).toBeNull()
    await useReview.getState().loadMore()
    expect(calls).toHaveLength(2)
  })

  it('filters by district, category, overdue and flag, sorts by age, and starts over from the first page', async () => {
    const calls = serve(() => ({ statusCode: 200, data: { counts: {}, items: [], nextCursor: null } }))
    useReview.setState({ nextCursor: 'old' })
    await useReview.getState().setFilters({ district: '朝阳区', category: 'medicine', overdue: true, flag: 'urged', sort: 'age' })
    expect(path(calls[0])).toBe(`/review/queue?status=queued&district=${encodeURIComponent('朝阳区')}&category=medicine&overdue=true&flag=urged&sort=age&limit=30`)
    await useReview.getState().setFilters({ flag: undefined, overdue: undefined })
    expect(path(calls[1])).toBe(`/review/queue?status=queued&district=${encodeURIComponent('朝阳区')}&category=medicine&sort=age&limit=30`)
    await useReview.getState().resetFilters()
    expect(path(calls[2])).toBe('/review/queue?status=queued&sort=priority&limit=30')
  })

  it('falls back to the unfiltered queue when the server does not know a filter yet', async () => {
    const calls = serve((c) =>
      path(c).includes('flag=')
        ? { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '提交的内容包含不认识的字段：flag' } } }
        : { statusCode: 200, data: { counts: {}, items: [summary('a')] } }
    )
    await useReview.getState().setFilters({ flag: 'reused' })
    expect(path(calls[1])).toBe('/review/queue?status=queued')
    expect(useReview.getState().filtersIgnored).toBe(true)
    expect(useReview.getState().items).toHaveLength(1)
    expect(useReview.getState().queueStatus).toBe('ready')
  })

  it('J/K move the highlighted row within the list', async () => {
    serve(() => ({ statusCode: 200, data: { counts: {}, items: [summary('a'), summary('b'), summary('c')] } }))
    await useReview.getState().loadQueue()
    const { moveCursor } = useReview.getState()
    moveCursor(1)
    moveCursor(1)
    moveCursor(1)
    expect(useReview.getState().cursorIndex).toBe(2)
    moveCursor(-5)
    expect(useReview.getState().cursorIndex).toBe(0)
  })

  it('after a decision the next appeal opens by itself; the decision is remembered for the flash', async () => {
    let claims = 0
    const calls = serve((c) => {
      const p = path(c)
      const m = /^\/review\/appeals\/(\w+)\/decision$/.exec(p)
      if (m) return { statusCode: 200, data: { ...full(m[1]), status: 'approved' } }
      if (p === '/review/claim') return ++claims === 1 ? { statusCode: 200, data: full('b') } : { statusCode: 204 }
      return undefined
    })
    useReview.setState({ current: full('a') as never, currentStatus: 'ready' })
    expect(await useReview.getState().decideAndNext('rejected', 'not_negative', '  请重新检测 ')).toBe(true)
    expect(calls[0].data).toEqual({ outcome: 'rejected', reasonCode: 'not_negative', note: '请重新检测' })
    let s = useReview.getState()
    expect(s.current?.id).toBe('b')
    expect(s.done).toBeNull()
    expect(s.lastDone).toMatchObject({ outcome: 'rejected', reasonCode: 'not_negative', trackingNo: 'T-a' })

    // the queue is empty after the next one: the result stays on screen
    await useReview.getState().decideAndNext('approved')
    s = useReview.getState()
    expect(s.current?.id).toBe('b')
    expect(s.done).toMatchObject({ outcome: 'approved', trackingNo: 'T-b' })
    expect(s.queueEmpty).toBe(true)
  })

  it('a failed decision does not move on', async () => {
    const calls = serve((c) =>
      path(c).endsWith('/decision') ? { statusCode: 409, data: { error: { code: 'NOT_HOLDING_APPEAL', message: '这条申诉不在你的处理中（可能已超时或被他人领取）' } } } : undefined
    )
    useReview.setState({ current: full('a') as never, currentStatus: 'ready' })
    expect(await useReview.getState().decideAndNext('approved')).toBe(false)
    expect(calls).toHaveLength(1)
    expect(useReview.getState().actionError).toContain('不在你的处理中')
  })

  it('a 401 drops the session and flags it so the page sends the reviewer to log in', async () => {
    serve(() => ({ statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新进入' } } }))
    await useReview.getState().loadQueue()
    expect(useReview.getState().authLost).toBe(true)
    expect(useReview.getState().queueError).toBe('登录已失效，请重新进入')
    expect(storage.has('pa.reviewer.session')).toBe(false)
  })

  it('claims a given appeal from the list', async () => {
    const calls = serve((c) => (path(c) === '/review/appeals/b/claim' ? { statusCode: 200, data: full('b') } : undefined))
    expect(await useReview.getState().claimById('b')).toBe('b')
    expect(calls[0].method).toBe('POST')
    expect(useReview.getState().current?.id).toBe('b')
  })
})

describe('skip', () => {
  it('S releases the appeal and opens the next one after it, not the same one again', async () => {
    const calls = serve((c) => {
      const p = path(c)
      if (p === '/review/appeals/a/release') return { statusCode: 204 }
      if (p.startsWith('/review/queue')) return { statusCode: 200, data: { counts: {}, items: [summary('a'), summary('b')] } }
      if (p === '/review/appeals/b/claim') return { statusCode: 200, data: full('b') }
      return undefined
    })
    useReview.setState({ current: full('a') as never, currentStatus: 'ready' })
    expect(await useReview.getState().releaseAndNext()).toBe(true)
    expect(calls.map(path)).toEqual(['/review/appeals/a/release', '/review/queue?status=queued&sort=priority&limit=5', '/review/appeals/b/claim'])
    expect(useReview.getState().current?.id).toBe('b')
    expect(useReview.getState().lastDone).toMatchObject({ outcome: 'released', trackingNo: 'T-a' })
  })
})

describe('J/K on the review screen', () => {
  const listed = ['a', 'b', 'c', 'd'].map((id) => summary(id))
  const taken = { statusCode: 409, data: { error: { code: 'NOT_HOLDING_APPEAL', message: '这条申诉不在你的处理中（可能已超时或被他人领取）' } } }

  it('J opens the next one of the list that can still be claimed, then hands back the one in hand', async () => {
    const calls = serve((c) => {
      const p = path(c)
      // b is in hand; c has been taken by someone else since the list was loaded
      if (p === '/review/appeals/c/claim') return taken
      if (p === '/review/appeals/d/claim') return { statusCode: 200, data: full('d') }
      if (p === '/review/appeals/b/release') return { statusCode: 204 }
      return undefined
    })
    useReview.setState({ items: listed as never, current: full('b') as never, currentStatus: 'ready' })
    expect(await useReview.getState().openAdjacent(1)).toBe('opened')
    expect(calls.map(path)).toEqual(['/review/appeals/c/claim', '/review/appeals/d/claim', '/review/appeals/b/release'])
    const s = useReview.getState()
    expect(s.current?.id).toBe('d')
    expect(s.lastDone).toMatchObject({ outcome: 'released', trackingNo: 'T-b' })
    expect(s.cursorIndex).toBe(3)
    expect(s.claimError).toBeNull()
  })

  it('K opens the previous one; at the end of the list nothing is released', async () => {
    const calls = serve((c) => {
      const p = path(c)
      if (p === '/review/appeals/a/claim') return { statusCode: 200, data: full('a') }
      if (p === '/review/appeals/b/release') return { statusCode: 204 }
      return undefined
    })
    useReview.setState({ items: listed as never, current: full('b') as never, currentStatus: 'ready' })
    expect(await useReview.getState().openAdjacent(-1)).toBe('opened')
    expect(useReview.getState().current?.id).toBe('a')
    calls.length = 0
    expect(await useReview.getState().openAdjacent(-1)).toBe('end')
    expect(calls).toEqual([])
    expect(useReview.getState().current?.id).toBe('a')
  })
})
