// The CSV export is named by the Beijing date: between 16:00 and 24:00 UTC Beijing is already on the next day.
// Only Date is faked (timers, I/O and the server's own clocks run normally), and the server runs in this process,
// so its `new Date()` is the instant set here.
import { client, reviewerToken, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

const REAL = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(async () => {
  jest.useRealTimers()
  await server.close()
})

async function filenameAt(instant: string, username: string): Promise<string | null> {
  jest.useFakeTimers({ doNotFake: [...REAL], now: new Date(instant) })
  try {
    const boss = await reviewerToken(server, api, username, { supervisor: true })
    const res = await fetch(`${server.base}/api/v1/review/stats.csv`, { headers: { authorization: `Bearer ${boss.token}` } })
    expect(res.status).toBe(200)
    await res.text()
    return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null
  } finally {
    jest.useRealTimers()
  }
}

it('just after midnight in Beijing (16:30 UTC the day before) the file carries the Beijing date', async () => {
  expect(await filenameAt('2026-03-01T16:30:00.000Z', 'csv-night')).toBe('review-stats-2026-03-02.csv')
})

it('just before midnight in Beijing (15:59 UTC) it is still the same day', async () => {
  expect(await filenameAt('2026-03-01T15:59:00.000Z', 'csv-evening')).toBe('review-stats-2026-03-01.csv')
})

it('at the turn of a year, 23:30 UTC on 31 December is already 1 January in Beijing', async () => {
  expect(await filenameAt('2026-12-31T23:30:00.000Z', 'csv-newyear')).toBe('review-stats-2027-01-01.csv')
})
