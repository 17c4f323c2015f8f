// The whole story, as the app and the reviewer page do it.
import type { Appeal, AppealSummary } from '../../types/appeal'
import type { QueueResponse, ReviewAppealResponse } from '../../types/api'
import { addReviewer, appealBody, client, hoursAgo, sample, startServer, VALID_ID, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

describe('a citizen files an appeal and a reviewer approves it', () => {
  let citizen: string
  let appeal: Appeal
  let reviewerToken: string

  it('citizen gets a device token and uploads the popup and two negative-test screenshots', async () => {
    citizen = await api.device()
    const up = await api.upload(citizen, sample('popup.png'), 'popup.png')
    expect(up.status).toBe(201)
    expect(up.body).toEqual({ id: expect.any(String), width: 1080, height: 2339, bytes: expect.any(Number) })
  })

  it('files a travel appeal: 201, queued, a tracking number, a submitted event, masked applicant', async () => {
    const popup = await api.uploadOk(citizen, sample('popup.png'))
    const n1 = await api.uploadOk(citizen, sample('negative-1.png'))
    const n2 = await api.uploadOk(citizen, sample('negative-2.png'))
    const body = appealBody({ popup, tests: [n1, n2] }, { category: 'travel' })
    body.negativeTests = [
      { shot: n1, sampledAt: hoursAgo(30) },
      { shot: n2, sampledAt: hoursAgo(4) }
    ]
    const r = await api.call<Appeal>('POST', '/appeals', { token: citizen, body })
    expect(r.status).toBe(201)
    appeal = r.body
    expect(appeal.status).toBe('queued')
    expect(appeal.trackingNo).toMatch(/^\d{6}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/)
    expect(appeal.popupShot).toBe(popup)
    expect(appeal.negativeTests.map((t) => t.shot)).toEqual([n1, n2])
    expect(appeal.applicant).toEqual({ name: '张*', idNumber: '1101**********002X', phone: '138****8000' })
    expect(appeal.timeline).toEqual([
      { at: appeal.createdAt, type: 'submitted', from: null, to: 'queued', actor: 'citizen', note: null }
    ])
    expect(appeal.decision).toBeNull()
  })

  it('lists and reads it back', async () => {
    const list = await api.call<{ items: AppealSummary[] }>('GET', '/appeals', { token: citizen })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).toMatchObject({ id: appeal.id, trackingNo: appeal.trackingNo, status: 'queued' })
    const one = await api.call<Appeal>('GET', `/appeals/${appeal.id}`, { token: citizen })
    expect(one.status).toBe(200)
    expect(one.body).toEqual(appeal)
  })

  it('the citizen can see their own screenshot, as an <img> would (?token=)', async () => {
    const res = await fetch(`${server.base}/api/v1/files/${appeal.popupShot}?token=${citizen}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-disposition')).toBe('inline')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
  })

  it('a reviewer logs in, sees the queue counts and claims it with the full applicant and evidence checks', async () => {
    const { username, password } = await addReviewer(server, 'chaoyang1', { districts: ['朝阳区'] })
    const login = await api.reviewerLogin(username, password)
    reviewerToken = login.token
    expect(login.reviewer).toEqual({ id: expect.any(String), username, districts: ['朝阳区'], supervisor: false })
    const me = await api.call('GET', '/reviewer/me', { token: reviewerToken })
    expect(me.body).toEqual(login.reviewer)

    const q = await api.call<QueueResponse>('GET', '/review/queue?status=queued', { token: reviewerToken })
    expect(q.status).toBe(200)
    expect(q.body.counts).toMatchObject({ queued: 1, in_review: 0, approved: 0 })
    expect(q.body.items.map((i) => i.id)).toEqual([appeal.id])

    const c = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: reviewerToken })
    expect(c.status).toBe(200)
    expect(c.body.id).toBe(appeal.id)
    expect(c.body.status).toBe('in_review')
    expect(c.body.applicant).toEqual({ name: '张三', idNumber: VALID_ID, phone: '13800138000' })
    expect(c.body.claimedBy).toBe(login.reviewer.id)
    expect(Date.parse(c.body.leaseUntil!)).toBeGreaterThan(Date.now())
    expect(c.body.evidence.every((e) => e.ok)).toBe(true)
    expect(c.body.evidence.find((e) => e.rule === 'two_apart')?.message).toBe('两次核酸间隔 26 小时')

    // no hoarding: claiming again returns the same appeal
    const again = await api.call<ReviewAppealResponse>('POST', '/review/claim', { token: reviewerToken })
    expect(again.body.id).toBe(appeal.id)
    const held = await api.call<ReviewAppealResponse>('GET', `/review/appeals/${appeal.id}`, { token: reviewerToken })
    expect(held.status).toBe(200)
    expect(held.body.applicant.idNumber).toBe(VALID_ID)

    // the holder may see the screenshots
    const img = await fetch(`${server.base}/api/v1/files/${appeal.negativeTests[1].shot}`, {
      headers: { authorization: `Bearer ${reviewerToken}` }
    })
    expect(img.status).toBe(200)
  })

  it('approves it; the citizen sees approved, the decision and the timeline', async () => {
    const d = await api.call<ReviewAppealResponse>('POST', `/review/appeals/${appeal.id}/decision`, {
      token: reviewerToken,
      body: { outcome: 'approved', note: '已核对' }
    })
    expect(d.status).toBe(200)
    expect(d.body.status).toBe('approved')

    const mine = await api.call<Appeal>('GET', `/appeals/${appeal.id}`, { token: citizen })
    expect(mine.body.status).toBe('approved')
    expect(mine.body.decision).toEqual({ outcome: 'approved', reasonCode: 'verified', note: '已核对', decidedAt: expect.any(String) })
    expect(mine.body.timeline.map((e) => [e.type, e.from, e.to, e.actor])).toEqual([
      ['submitted', null, 'queued', 'citizen'],
      ['claimed', 'queued', 'in_review', 'reviewer'],
      ['approved', 'in_review', 'approved', 'reviewer']
    ])
    expect(mine.body.timeline[2].note).toBe('审核通过，已提交健康宝纠错；已核对')
    expect(mine.body.applicant.idNumber).not.toBe(VALID_ID)

    // decided: the reviewer no longer holds it, nor its screenshots
    const img = await fetch(`${server.base}/api/v1/files/${appeal.popupShot}?token=${reviewerToken}`)
    expect(img.status).toBe(404)
    const q = await api.call<QueueResponse>('GET', '/review/queue', { token: reviewerToken })
    expect(q.body.counts).toMatchObject({ queued: 0, in_review: 0, approved: 1 })
    // nothing left: 204
    const none = await api.call('POST', '/review/claim', { token: reviewerToken })
    expect(none.status).toBe(204)
  })

  it('the reviewer logs out and the token stops working', async () => {
    const out = await api.call('DELETE', '/reviewer/session', { token: reviewerToken })
    expect(out.status).toBe(204)
    const me = await api.call('GET', '/reviewer/me', { token: reviewerToken })
    expect(me.status).toBe(401)
  })
})
