// Issue 12, the correction loop over HTTP: who may call what, the operator feed (at least once, audited,
// full identity only here), acks (idempotent, 409 on a change, 400 on garbage), the citizen's correction
// status and receipt, 「弹窗还在」 timing, attempt + 1, and the supervisors' problem list.
import { createOperator, disableOperator } from '../../server/corrections/operators'
import { operatorAdd } from '../../server/cli/operator-add'
import { operatorDisable } from '../../server/cli/operator-disable'
import { client, fileQuickAppeal, reviewerToken, startServer, TEST_DATA_KEY, VALID_ID, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>
let reviewer: { token: string; id: string }
let supervisor: { token: string; id: string }
let op: { key: string; name: string; id: string }
let seed = 100

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  reviewer = await reviewerToken(server, api, 'corr-rev')
  supervisor = await reviewerToken(server, api, 'corr-sup', { supervisor: true })
  const created = await createOperator(server.app.db.kysely, { name: 'jkb-test' })
  op = { key: created.key, name: created.name, id: created.id }
})
afterAll(() => server.close())

const db = () => server.app.db.kysely

async function approve(id: string, by = reviewer.token): Promise<void> {
  expect((await api.call('POST', `/review/appeals/${id}/claim`, { token: by })).status).toBe(200)
  expect((await api.call('POST', `/review/appeals/${id}/decision`, { token: by, body: { outcome: 'approved' } })).status).toBe(200)
}

async function approvedAppeal(): Promise<{ token: string; id: string }> {
  const a = await fileQuickAppeal(api, (seed += 2))
  await approve(a.id)
  return a
}

/** Walks the whole feed from the start, as a restarting client does (pulling hands items over). */
async function pullAll(key = op.key, limit = 50): Promise<any[]> {
  const items: any[] = []
  let after: string | null = null
  for (;;) {
    const r: any = await api.call('GET', `/operator/corrections?limit=${limit}${after ? `&after=${after}` : ''}`, { token: key })
    expect(r.status).toBe(200)
    items.push(...r.body.items)
    after = r.body.next
    if (!after) return items
  }
}

async function correctionIdOf(appealId: string): Promise<string> {
  const row = await db().selectFrom('corrections').select('id').where('appeal_id', '=', appealId).orderBy('attempt', 'desc').executeTakeFirstOrThrow()
  return row.id
}

async function ack(id: string, body: unknown, key = op.key) {
  return api.call('POST', `/operator/corrections/${id}/ack`, { token: key, body })
}

async function verify(path: string) {
  const res = await fetch(server.base + path)
  return { html: await res.text(), valid: res.headers.get('x-receipt-valid') }
}

describe('who may call what', () => {
  it('operator routes take operator keys only; operator keys open no other route; a disabled key stops at once', async () => {
    const { token: citizen, id } = await approvedAppeal()
    const cid = await correctionIdOf(id)
    // nobody, a citizen, a reviewer, a supervisor: 401 on the feed and the ack
    for (const token of [undefined, citizen, reviewer.token, supervisor.token]) {
      expect((await api.call('GET', '/operator/corrections', { token })).status).toBe(401)
      const r = await api.call('POST', `/operator/corrections/${cid}/ack`, { token, body: { result: 'cleared' } })
      expect(r.status).toBe(401)
      expect(r.body.error.code).toBe('UNAUTHENTICATED')
    }
    // the operator key on citizen, reviewer and supervisor routes
    for (const [method, url] of [
      ['GET', '/appeals'],
      ['GET', `/appeals/${id}`],
      ['GET', `/appeals/${id}/receipt`],
      ['POST', `/appeals/${id}/still-popped`],
      ['GET', '/review/queue'],
      ['POST', '/review/claim'],
      ['GET', '/review/corrections/problems'],
      ['POST', `/review/corrections/${cid}/retry`],
      ['GET', '/review/audit']
    ] as const) {
      const r = await api.call(method, url, { token: op.key, body: method === 'POST' ? {} : undefined })
      expect([401, 403]).toContain(r.status)
    }
    // nothing was acknowledged by any of that
    expect((await db().selectFrom('corrections').select('acked_at').where('id', '=', cid).executeTakeFirstOrThrow()).acked_at).toBeNull()

    // a reviewer who is not a supervisor: 403 on the problem list
    expect((await api.call('GET', '/review/corrections/problems', { token: reviewer.token })).status).toBe(403)

    const spare = await createOperator(db(), { name: 'jkb-spare' })
    expect((await api.call('GET', '/operator/corrections', { token: spare.key })).status).toBe(200)
    await disableOperator(db(), 'jkb-spare')
    expect((await api.call('GET', '/operator/corrections', { token: spare.key })).status).toBe(401)
    expect((await ack(cid, { result: 'cleared' }, spare.key)).status).toBe(401)
  })

  it('npm run operator:add prints the key once on a `key:` line; operator:disable revokes it', async () => {
    const env = {
      DATA_DIR: server.dir,
      DATA_KEY: TEST_DATA_KEY,
      ...(server.config.databaseUrl ? { DATABASE_URL: server.config.databaseUrl } : {})
    }
    const out = await operatorAdd(['--name', 'jkb-cli'], env)
    const key = /^key: (\S+)$/m.exec(out)?.[1]
    expect(key).toMatch(/^op_[A-Za-z0-9_-]{43}$/)
    const row = await db().selectFrom('operators').selectAll().where('name', '=', 'jkb-cli').executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(key!) // stored only as a hash
    expect((await api.call('GET', '/operator/corrections?limit=1', { token: key })).status).toBe(200)
    await expect(operatorAdd(['--name', 'jkb-cli'], env)).rejects.toThrow(/jkb-cli/)
    expect(await operatorDisable(['--name', 'jkb-cli'], env)).toContain('jkb-cli')
    expect((await api.call('GET', '/operator/corrections?limit=1', { token: key })).status).toBe(401)
    await expect(operatorDisable(['--name', 'nobody-here'], env)).rejects.toThrow(/nobody-here/)
  })
})

describe('the feed', () => {
  it('oldest decision first, full identity, hand-over on first pull (event, notification, audit), at least once', async () => {
    // everything earlier tests left open is acknowledged first, so this test sees only its own items
    for (const it of await pullAll()) expect((await ack(it.id, { result: 'cleared' })).status).toBe(200)

    const a1 = await fileQuickAppeal(api, (seed += 2))
    const before = await api.call('GET', `/appeals/${a1.id}`, { token: a1.token })
    expect(before.body.correction).toBeNull()
    const appeals = [a1, await fileQuickAppeal(api, (seed += 2)), await fileQuickAppeal(api, (seed += 2))]
    for (const a of appeals) await approve(a.id)
    const waiting = await api.call('GET', `/appeals/${a1.id}`, { token: a1.token })
    expect(waiting.body.correction).toEqual({ status: 'waiting', attempt: 1, stillPoppedAvailableAt: null })

    const p1 = await api.call('GET', '/operator/corrections?limit=2', { token: op.key })
    expect(p1.status).toBe(200)
    expect(p1.body.items.map((i: any) => i.appealId)).toEqual([appeals[0].id, appeals[1].id])
    expect(p1.body.next).toEqual(expect.any(String))
    const item = p1.body.items[0]
    expect(item).toEqual({
      id: expect.any(String),
      appealId: appeals[0].id,
      trackingNo: expect.any(String),
      category: 'medicine',
      triggerDate: null,
      decidedAt: expect.any(String),
      person: { name: '张三', idNumber: VALID_ID, phone: '13800138000' },
      negativeTests: [{ sampledAt: expect.any(String) }],
      attempt: 1
    })
    const p2 = await api.call('GET', `/operator/corrections?limit=2&after=${p1.body.next}`, { token: op.key })
    expect(p2.body.items.map((i: any) => i.appealId)).toEqual([appeals[2].id])
    expect(p2.body.next).toBeNull()

    // the citizen sees the hand-over, masked as ever; the timeline names the operator
    const handed = await api.call('GET', `/appeals/${a1.id}`, { token: a1.token })
    expect(handed.body.correction.status).toBe('handed_over')
    expect(Date.parse(handed.body.correction.handedOverAt)).toBeGreaterThan(0)
    expect(handed.body.applicant.idNumber).not.toBe(VALID_ID)
    const ev = handed.body.timeline.filter((e: any) => e.type === 'handed_over')
    expect(ev).toEqual([expect.objectContaining({ actor: 'operator', actorName: 'jkb-test', from: 'approved', to: 'approved' })])
    const outbox = await db().selectFrom('outbox').select('event').where('appeal_id', '=', a1.id).where('event', '=', 'handed_over').execute()
    expect(outbox).toHaveLength(1)

    // a client that restarts from the start sees every unacknowledged item again, handed over only once
    const again = await pullAll(op.key, 2)
    expect(again.map((i) => i.appealId)).toEqual(appeals.map((a) => a.id))
    const events = await db().selectFrom('appeal_events').select('appeal_id').where('type', '=', 'handed_over').where('appeal_id', 'in', appeals.map((a) => a.id)).execute()
    expect(events).toHaveLength(3)

    // every pull audited: who, how many, which corrections — no personal data
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'operator_pull').orderBy('id').execute()
    const ours = audit.filter((r: any) => JSON.parse(r.detail!).ids.includes(item.id))
    expect(ours.length).toBeGreaterThanOrEqual(2)
    for (const r of ours) {
      expect(r.actor_type).toBe('operator')
      expect(r.actor_id).toBe(op.id)
      const d = JSON.parse(r.detail!)
      expect(d.count).toBe(d.ids.length)
      expect(r.detail).not.toContain('张三')
      expect(r.detail).not.toContain(VALID_ID)
      expect(r.detail).not.toContain('13800138000')
    }

    // acknowledged items leave the feed
    expect((await ack(item.id, { result: 'cleared' })).status).toBe(200)
    expect((await pullAll()).map((i) => i.appealId)).toEqual([appeals[1].id, appeals[2].id])
    for (const it of await pullAll()) await ack(it.id, { result: 'cleared' })
    expect(await pullAll()).toEqual([])
  })

  it('refuses a malformed cursor or limit with 400, never a 500', async () => {
    for (const q of ['after=%%%', 'after=bm90LWpzb24', 'limit=0', 'limit=abc', 'limit=5000', 'other=1']) {
      const r = await api.call('GET', `/operator/corrections?${q}`, { token: op.key })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('acknowledgements', () => {
  it('cleared: idempotent, 409 on another result, the citizen sees 弹窗已解除 and the receipt closes', async () => {
    const a = await approvedAppeal()
    const receipt = await api.call('GET', `/appeals/${a.id}/receipt`, { token: a.token })
    expect(receipt.status).toBe(200) // approved, not yet cleared: still proof at the door
    const waitingPage = await verify(receipt.body.verifyPath)
    expect(waitingPage.valid).toBe('1')
    expect(waitingPage.html).toContain('已通过，等待转交健康宝运营方')
    await pullAll()
    const handedPage = await verify(receipt.body.verifyPath)
    expect(handedPage.valid).toBe('1')
    expect(handedPage.html).toContain('已通过，已转健康宝运营方，等待解除')

    const cid = await correctionIdOf(a.id)
    const first = await ack(cid, { result: 'cleared', note: '已核销' })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ id: cid, result: 'cleared', acknowledgedAt: expect.any(String) })
    const same = await ack(cid, { result: 'cleared' })
    expect(same.status).toBe(200)
    expect(same.body).toEqual(first.body)
    for (const other of ['not_found', 'refused']) {
      const r = await ack(cid, { result: other, note: '改主意' })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('ACK_CONFLICT')
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const view = await api.call('GET', `/appeals/${a.id}`, { token: a.token })
    expect(view.body.status).toBe('approved')
    expect(view.body.correction).toMatchObject({ status: 'cleared', clearedAt: first.body.acknowledgedAt, attempt: 1, stillPoppedAvailableAt: first.body.acknowledgedAt })
    expect(view.body.timeline.filter((e: any) => e.type === 'popup_cleared')).toHaveLength(1)
    const list = await api.call('GET', '/appeals', { token: a.token })
    expect(list.body.items.find((s: any) => s.id === a.id).correction.status).toBe('cleared')
    const events = await db().selectFrom('outbox').select('event').where('appeal_id', '=', a.id).orderBy('id').execute()
    expect(events.map((e) => e.event)).toEqual(['submitted', 'claimed', 'approved', 'handed_over', 'popup_cleared'])

    const closed = await api.call('GET', `/appeals/${a.id}/receipt`, { token: a.token })
    expect(closed.status).toBe(404)
    expect(closed.body.error.code).toBe('RECEIPT_INVALID')
    const page = await verify(receipt.body.verifyPath)
    expect(page.valid).toBe('0')
    expect(page.html).toContain('弹窗已解除')
    // an approved appeal may be rated, never withdrawn
    expect((await api.call('POST', `/appeals/${a.id}/withdraw`, { token: a.token, body: { reason: 'other' } })).status).toBe(409)
    expect((await api.call('POST', `/appeals/${a.id}/rating`, { token: a.token, body: { score: 5 } })).status).toBe(200)
  })

  it('garbage is a 400 (or 404 for an unknown correction), and nothing is stored', async () => {
    const a = await approvedAppeal()
    const cid = await correctionIdOf(a.id)
    const bad: unknown[] = [undefined, {}, { result: 'maybe' }, { result: 'CLEARED' }, { result: 1 }, { result: 'cleared', extra: 1 }, { result: 'cleared', note: 'x'.repeat(501) }, { result: 'cleared', note: 'a\u0000b' }, []]
    for (const body of bad) {
      const r = await ack(cid, body)
      expect(r.status).toBe(400)
      expect(typeof r.body.error.code).toBe('string')
    }
    const notUtf8 = await fetch(`${server.base}/api/v1/operator/corrections/${cid}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${op.key}`, 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])
    })
    expect(notUtf8.status).toBe(400)
    expect((await ack('not-a-uuid', { result: 'cleared' })).status).toBe(400)
    const unknown = await ack('0f8fad5b-d9cb-469f-a165-70867728950e', { result: 'cleared' })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('CORRECTION_NOT_FOUND')
    const row = await db().selectFrom('corrections').selectAll().where('id', '=', cid).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'waiting', acked_at: null, result: null })
  })

  it('not_found / refused: not_cleared with the note, the supervisors list it; the receipt stays valid', async () => {
    const a = await approvedAppeal()
    await pullAll()
    const cid = await correctionIdOf(a.id)
    const r = await ack(cid, { result: 'not_found', note: '健康宝中查无此记录' })
    expect(r.status).toBe(200)
    expect((await ack(cid, { result: 'not_found', note: '另一个说明' })).body).toEqual(r.body)
    const view = await api.call('GET', `/appeals/${a.id}`, { token: a.token })
    expect(view.body.correction).toMatchObject({ status: 'not_cleared', note: '健康宝中查无此记录', stillPoppedAvailableAt: null })
    expect(view.body.timeline.some((e: any) => e.type === 'popup_not_cleared' && e.actor === 'operator')).toBe(true)
    expect((await api.call('GET', `/appeals/${a.id}/receipt`, { token: a.token })).status).toBe(200)
    expect((await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token })).status).toBe(409)

    const problems = await api.call('GET', '/review/corrections/problems', { token: supervisor.token })
    expect(problems.status).toBe(200)
    expect(problems.body).toContainEqual({
      id: cid,
      appealId: a.id,
      trackingNo: view.body.trackingNo,
      district: '朝阳区',
      result: 'not_found',
      note: '健康宝中查无此记录',
      operator: 'jkb-test',
      acknowledgedAt: r.body.acknowledgedAt,
      attempt: 1
    })
    expect(await pullAll()).not.toContainEqual(expect.objectContaining({ id: cid }))
  })
})

describe('「弹窗还在」', () => {
  it('not before hand-over, not within 24 h of it (409 says when); after 24 h back to the head of the queue, attempt + 1', async () => {
    // another queued appeal, older, so "head of the queue" is the priority and not the age
    const older = await fileQuickAppeal(api, (seed += 2))
    const a = await approvedAppeal()
    const early = await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token, body: {} })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('STILL_POPPED_TOO_SOON')

    await pullAll()
    const view = await api.call('GET', `/appeals/${a.id}`, { token: a.token })
    const handedAt = Date.parse(view.body.correction.handedOverAt)
    expect(Date.parse(view.body.correction.stillPoppedAvailableAt)).toBe(handedAt + 24 * 3600_000)
    const soon = await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token })
    expect(soon.status).toBe(409)
    expect(soon.body.error.code).toBe('STILL_POPPED_TOO_SOON')
    expect(soon.body.error.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)

    // 25 h later, still no answer from the operator
    const cid = await correctionIdOf(a.id)
    await db().updateTable('corrections').set({ handed_over_at: new Date(handedAt - 25 * 3600_000).toISOString() }).where('id', '=', cid).execute()
    const other = await api.device()
    expect((await api.call('POST', `/appeals/${a.id}/still-popped`, { token: other })).status).toBe(404)
    const bad = await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token, body: { note: 1 } })
    expect(bad.status).toBe(400)
    const ok = await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token, body: { note: '今天扫码还是弹窗' } })
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('queued')
    expect(ok.body.correction).toBeNull()
    expect(ok.body.timeline.at(-1)).toMatchObject({ type: 'still_popped', from: 'approved', to: 'queued', actor: 'citizen' })
    expect(ok.body.queue.position).toBe(0)
    expect((await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token })).status).toBe(409)

    // the unanswered attempt left the feed; an ack of it now is refused
    expect(await pullAll()).not.toContainEqual(expect.objectContaining({ id: cid }))
    const late = await ack(cid, { result: 'cleared' })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('CORRECTION_CLOSED')

    // the reviewer's queue: at the head, flagged
    const q = await api.call('GET', '/review/queue', { token: reviewer.token })
    expect(q.body.items[0].id).toBe(a.id)
    expect(q.body.items[0].flags.stillPopped).toBe(true)
    expect(q.body.items.find((i: any) => i.id === older.id).flags.stillPopped).toBe(false)
    const claimed = await api.call('POST', '/review/claim', { token: reviewer.token })
    expect(claimed.body.id).toBe(a.id)
    expect((await api.call('POST', `/review/appeals/${a.id}/decision`, { token: reviewer.token, body: { outcome: 'approved' } })).status).toBe(200)
    const items = await pullAll()
    const second = items.find((i) => i.appealId === a.id)
    expect(second.attempt).toBe(2)
    expect(second.id).not.toBe(cid)
    expect((await api.call('GET', `/appeals/${a.id}`, { token: a.token })).body.correction).toMatchObject({ status: 'handed_over', attempt: 2 })
  })

  it('at once after cleared; the receipt is valid again while the appeal is reopened', async () => {
    const a = await approvedAppeal()
    await pullAll()
    expect((await ack(await correctionIdOf(a.id), { result: 'cleared' })).status).toBe(200)
    expect((await api.call('GET', `/appeals/${a.id}/receipt`, { token: a.token })).status).toBe(404)
    const ok = await api.call('POST', `/appeals/${a.id}/still-popped`, { token: a.token })
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('queued')
    expect((await api.call('GET', `/appeals/${a.id}/receipt`, { token: a.token })).status).toBe(200)
    await approve(a.id)
    const rows = await db().selectFrom('corrections').select(['attempt', 'status']).where('appeal_id', '=', a.id).orderBy('attempt').execute()
    expect(rows).toEqual([
      { attempt: 1, status: 'cleared' },
      { attempt: 2, status: 'waiting' }
    ])
  })
})

describe('the supervisors\u2019 problem list', () => {
  async function problem(result: 'not_found' | 'refused' = 'refused'): Promise<{ token: string; id: string; cid: string }> {
    const a = await approvedAppeal()
    await pullAll()
    const cid = await correctionIdOf(a.id)
    expect((await ack(cid, { result, note: '信息不一致' })).status).toBe(200)
    return { ...a, cid }
  }

  it('retry: a new attempt back in the feed, the problem leaves the list', async () => {
    const p = await problem()
    expect((await api.call('POST', `/review/corrections/${p.cid}/retry`, { token: reviewer.token })).status).toBe(403)
    const r = await api.call('POST', `/review/corrections/${p.cid}/retry`, { token: supervisor.token })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ id: expect.any(String), appealId: p.id, attempt: 2 })
    const again = await api.call('POST', `/review/corrections/${p.cid}/retry`, { token: supervisor.token })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CORRECTION_NOT_A_PROBLEM')
    const list = await api.call('GET', '/review/corrections/problems', { token: supervisor.token })
    expect(list.body.map((x: any) => x.id)).not.toContain(p.cid)
    expect((await pullAll()).find((i) => i.appealId === p.id)).toMatchObject({ id: r.body.id, attempt: 2 })
    expect((await api.call('GET', `/appeals/${p.id}`, { token: p.token })).body.correction).toMatchObject({ status: 'handed_over', attempt: 2 })
  })

  it('reject: the appeal is rejected through the table with a reason the citizen sees', async () => {
    const p = await problem('not_found')
    const bad = await api.call('POST', `/review/corrections/${p.cid}/reject`, { token: supervisor.token, body: { reasonCode: 'made_up' } })
    expect(bad.status).toBe(400)
    const r = await api.call('POST', `/review/corrections/${p.cid}/reject`, { token: supervisor.token, body: { reasonCode: 'identity_mismatch', note: '身份证号与健康宝登记不一致' } })
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('rejected')
    const view = await api.call('GET', `/appeals/${p.id}`, { token: p.token })
    expect(view.body.status).toBe('rejected')
    expect(view.body.decision).toMatchObject({ outcome: 'rejected', reasonCode: 'identity_mismatch', note: '身份证号与健康宝登记不一致' })
    expect(view.body.timeline.at(-1)).toMatchObject({ type: 'rejected', from: 'approved', to: 'rejected', actor: 'reviewer' })
    expect(view.body.correction.status).toBe('not_cleared')
    expect(view.body.correction.note).toContain('身份证号与健康宝登记不一致')
    expect((await api.call('GET', `/appeals/${p.id}/receipt`, { token: p.token })).status).toBe(404)
    expect((await api.call('POST', `/review/corrections/${p.cid}/reject`, { token: supervisor.token, body: { reasonCode: 'other' } })).status).toBe(409)
  })

  it('reassign: the existing reassign hands the appeal back to a reviewer; the new approval is attempt + 1', async () => {
    const p = await problem()
    const r = await api.call('POST', `/review/appeals/${p.id}/reassign`, { token: supervisor.token, body: { reviewerId: reviewer.id } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ status: 'in_review', claimedBy: reviewer.id })
    expect((await api.call('GET', '/review/corrections/problems', { token: supervisor.token })).body.map((x: any) => x.id)).not.toContain(p.cid)
    expect((await api.call('POST', `/review/appeals/${p.id}/decision`, { token: reviewer.token, body: { outcome: 'approved' } })).status).toBe(200)
    expect((await pullAll()).find((i) => i.appealId === p.id).attempt).toBe(2)
    // an approved appeal without a problem cannot be reassigned
    const plain = await approvedAppeal()
    expect((await api.call('POST', `/review/appeals/${plain.id}/reassign`, { token: supervisor.token, body: { reviewerId: reviewer.id } })).status).toBe(409)
  })
})
