// Queue claims are atomic: many reviewers claiming at once never get the same appeal.
import type { ReviewAppealResponse } from '../../types/api'
import { addReviewer, client, fileQuickAppeal, startServer, type TestServer } from './helpers'

const APPEALS = 20
const REVIEWERS = 10

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

it(`${REVIEWERS} reviewers claiming concurrently over ${APPEALS} appeals never share one`, async () => {
  for (let i = 0; i < APPEALS; i++) await fileQuickAppeal(api, i * 3)
  const tokens: string[] = []
  for (let r = 0; r < REVIEWERS; r++) {
    const acc = await addReviewer(server, `r${r}`, { districts: ['朝阳区'] })
    tokens.push((await api.reviewerLogin(acc.username, acc.password)).token)
  }

  // round 1: every reviewer fires three claims at once; each must get one appeal (the same one three times)
  const round1 = await Promise.all(
    tokens.flatMap((token, r) => [0, 1, 2].map(async () => ({ r, res: await api.call<ReviewAppealResponse>('POST', '/review/claim', { token }) })))
  )
  const byReviewer = new Map<number, Set<string>>()
  for (const { r, res } of round1) {
    expect(res.status).toBe(200)
    if (!byReviewer.has(r)) byReviewer.set(r, new Set())
    byReviewer.get(r)!.add(res.body.id)
  }
  for (const ids of byReviewer.values()) expect(ids.size).toBe(1)
  const firstIds = [...byReviewer.values()].map((s) => [...s][0])
  expect(new Set(firstIds).size).toBe(REVIEWERS)

  // then everyone works the queue dry concurrently: claim → approve → claim … until 204
  const claimed: string[] = [...firstIds]
  await Promise.all(
    tokens.map(async (token, r) => {
      let current: string | null = firstIds[r]
      while (current) {
        const d = await api.call('POST', `/review/appeals/${current}/decision`, { token, body: { outcome: 'approved' } })
        expect(d.status).toBe(200)
        const next = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token })
        if (next.status === 204) current = null
        else {
          expect(next.status).toBe(200)
          current = next.body.id
          claimed.push(current)
        }
      }
    })
  )
  expect(claimed).toHaveLength(APPEALS)
  expect(new Set(claimed).size).toBe(APPEALS)

  const rows = await server.app.db.kysely.selectFrom('appeals').select(['status']).execute()
  expect(rows.every((r) => r.status === 'approved')).toBe(true)
  const claimEvents = await server.app.db.kysely.selectFrom('appeal_events').select('id').where('type', '=', 'claimed').execute()
  expect(claimEvents).toHaveLength(APPEALS)
}, 150_000)
