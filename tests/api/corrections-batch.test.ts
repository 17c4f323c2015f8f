// The offline batch (issue 12): a supervisor downloads a signed JSON Lines file (manifest first), the
// corrections in it are handed over and the export audited; the operator's result file comes back line by
// line through the ack rules, all-or-nothing per line, and uploading it again changes nothing.
import { createHash } from 'node:crypto'
import type { CorrectionItem } from '../../types/correction'
import { verifyManifest } from '../../server/corrections/signing'
import { BATCH_FORMAT, RESULTS_MAX_LINES, type BatchManifest, type BatchResultsResponse } from '../../server/corrections/batch'
import { client, reviewerToken, startServer, VALID_ID, type TestServer } from './helpers'
import { addOperator, approvedAppeal, correctionRow, type TestOperator } from './correction-channels'

let server: TestServer
let api: ReturnType<typeof client>
let supervisor: string
let reviewer: string
let op: TestOperator
const appeals: Awaited<ReturnType<typeof approvedAppeal>>[] = []
/** the file of the first download */
let file: { manifest: BatchManifest; items: CorrectionItem[]; itemBytes: string }

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
  supervisor = (await reviewerToken(server, api, 'batch-supervisor', { supervisor: true })).token
  reviewer = (await reviewerToken(server, api, 'batch-reviewer', { districts: ['朝阳区'] })).token
  op = await addOperator(server, 'bjhc-offline')
  await addOperator(server, 'no-secret-yet', { secret: false })
  for (let i = 0; i < 3; i++) appeals.push(await approvedAppeal(server, api, reviewer, 100 + i))
})

afterAll(async () => {
  await server.close()
})

async function download(query: string, token = supervisor) {
  const res = await fetch(`${server.base}/api/v1/review/corrections/batch?${query}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

async function upload(body: string | Buffer, opts: { token?: string; type?: string; operator?: string } = {}) {
  const res = await fetch(`${server.base}/api/v1/review/corrections/batch-results?operator=${encodeURIComponent(opts.operator ?? op.name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token ?? supervisor}`, 'content-type': opts.type ?? 'application/x-ndjson' },
    body: typeof body === 'string' ? body : new Uint8Array(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

function parseFile(text: string): { manifest: BatchManifest; items: CorrectionItem[]; itemBytes: string } {
  const nl = text.indexOf('\n')
  const manifest = JSON.parse(text.slice(0, nl)) as BatchManifest
  const itemBytes = text.slice(nl + 1)
  const items = itemBytes.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorrectionItem)
  return { manifest, items, itemBytes }
}

const audits = (action: string) => server.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

describe('batch download', () => {
  it('is for supervisors only, for a known operator with a signing secret', async () => {
    const anon = await fetch(`${server.base}/api/v1/review/corrections/batch?operator=${op.name}`)
    expect(anon.status).toBe(401)
    const r = await download(`operator=${op.name}`, reviewer)
    expect(r.status).toBe(403)
    expect(JSON.parse(r.text).error.code).toBe('FORBIDDEN')
    const citizen = await download(`operator=${op.name}`, appeals[0].citizen)
    expect(citizen.status).toBe(401)
    const unknown = await download('operator=nobody')
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.text).error.code).toBe('OPERATOR_NOT_FOUND')
    const noSecret = await download('operator=no-secret-yet')
    expect(noSecret.status).toBe(409)
    expect(JSON.parse(noSecret.text).error).toMatchObject({ code: 'OPERATOR_NO_SECRET', message: expect.stringMatching(/签名密钥/) })
    for (const bad of ['', 'operator=', `operator=${op.name}&limit=0`, `operator=${op.name}&limit=abc`, `operator=${op.name}&resend=yes`, `operator=${op.name}&extra=1`]) {
      const b = await download(bad)
      expect([bad, b.status]).toEqual([bad, 400])
    }
    // nothing was handed over by any refused request
    for (const a of appeals) expect((await correctionRow(server, a.correctionId)).status).toBe('waiting')
  })

  it('gives a signed JSON Lines file: manifest first, then every waiting correction; they are handed over and the export audited', async () => {
    const r = await download(`operator=${op.name}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="corrections-\d{8}-\d{6}-[0-9a-f]{8}\.jsonl"$/)
    file = parseFile(r.text)
    const { manifest, items, itemBytes } = file
    expect(manifest).toMatchObject({ format: BATCH_FORMAT, operator: op.name, count: 3 })
    expect(manifest.sha256).toBe(createHash('sha256').update(itemBytes, 'utf8').digest('hex'))
    expect(verifyManifest(op.secret!, manifest)).toBe(true)
    expect(verifyManifest(op.secret!, { ...manifest, count: 2 })).toBe(false)
    expect(items.map((i) => i.id)).toEqual(appeals.map((a) => a.correctionId)) // oldest decision first
    expect(items[0]).toMatchObject({ appealId: appeals[0].appealId, attempt: 1, person: { name: '张三', idNumber: VALID_ID, phone: '13800138000' } })

    for (const a of appeals) {
      const row = await correctionRow(server, a.correctionId)
      expect(row).toMatchObject({ status: 'handed_over', operator_id: op.id })
      const mine = await api.call('GET', `/appeals/${a.appealId}`, { token: a.citizen })
      expect(mine.body.correction.status).toBe('handed_over')
    }
    const audit = await audits('correction_batch_export')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_type: 'reviewer' })
    const detail = JSON.parse(audit[0].detail!)
    expect(detail).toMatchObject({ batchId: manifest.batchId, operator: op.name, count: 3, sha256: manifest.sha256, ids: items.map((i) => i.id) })
    expect(audit[0].detail).not.toContain(VALID_ID)
    expect(audit[0].detail).not.toContain('张三')
  })

  it('does not hand the same corrections out again, unless resend=true (a lost file)', async () => {
    const again = parseFile((await download(`operator=${op.name}`)).text)
    expect(again.manifest.count).toBe(0)
    expect(again.items).toEqual([])
    expect(again.manifest.sha256).toBe(createHash('sha256').update('').digest('hex'))
    const resent = parseFile((await download(`operator=${op.name}&resend=true&limit=2`)).text)
    expect(resent.items.map((i) => i.id)).toEqual(appeals.slice(0, 2).map((a) => a.correctionId))
    expect(verifyManifest(op.secret!, resent.manifest)).toBe(true)
  })
})

describe('batch results upload', () => {
  let first: BatchResultsResponse
  const resultFile = () =>
    [
      JSON.stringify(file.manifest), // kept from the download: skipped
      JSON.stringify({ id: appeals[0].correctionId, result: 'cleared' }),
      JSON.stringify({ id: appeals[1].correctionId, result: 'not_found', note: '运营方记录中查无此人' }),
      '{not json',
      JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', result: 'cleared' }),
      JSON.stringify({ id: appeals[2].correctionId, result: 'maybe' }),
      JSON.stringify({ id: appeals[2].correctionId, result: 'cleared', note: 'bad\u0007bell' }),
      ''
    ].join('\r\n')

  it('applies each line on its own and reports every line', async () => {
    const r = await upload(resultFile())
    expect(r.status).toBe(200)
    first = r.body
    expect(first).toMatchObject({ operator: op.name, total: 6, applied: 2, unchanged: 0, failed: 4 })
    expect(first.lines).toEqual([
      { line: 2, id: appeals[0].correctionId, outcome: 'applied', result: 'cleared' },
      { line: 3, id: appeals[1].correctionId, outcome: 'applied', result: 'not_found' },
      { line: 4, outcome: 'error', code: 'VALIDATION_FAILED', message: expect.any(String) },
      { line: 5, id: '00000000-0000-4000-8000-000000000000', outcome: 'error', code: 'CORRECTION_NOT_FOUND', message: expect.any(String) },
      { line: 6, id: appeals[2].correctionId, outcome: 'error', code: 'VALIDATION_FAILED', message: expect.stringMatching(/result/) },
      { line: 7, id: appeals[2].correctionId, outcome: 'error', code: 'INVALID_CHARACTERS', message: expect.any(String) }
    ])
    expect(await correctionRow(server, appeals[0].correctionId)).toMatchObject({ status: 'cleared', result: 'cleared', ack_operator_id: op.id })
    expect(await correctionRow(server, appeals[1].correctionId)).toMatchObject({ status: 'not_cleared', result: 'not_found', note: '运营方记录中查无此人' })
    // a failed line wrote nothing
    expect(await correctionRow(server, appeals[2].correctionId)).toMatchObject({ status: 'handed_over', acked_at: null })
    const mine = await api.call('GET', `/appeals/${appeals[0].appealId}`, { token: appeals[0].citizen })
    expect(mine.body.correction).toMatchObject({ status: 'cleared', clearedAt: expect.any(String) })
    const audit = await audits('correction_batch_results')
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].detail!)).toEqual({ operator: op.name, total: 6, applied: 2, unchanged: 0, failed: 4 })
  })

  it('is idempotent: the same file again changes nothing', async () => {
    const before = await server.app.db.kysely.selectFrom('appeal_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    const r = await upload(resultFile())
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ total: 6, applied: 0, unchanged: 2, failed: 4 })
    expect(r.body.lines.slice(0, 2).map((l: { outcome: string }) => l.outcome)).toEqual(['unchanged', 'unchanged'])
    const after = await server.app.db.kysely.selectFrom('appeal_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('reports a changed answer as a conflict without touching the other lines', async () => {
    const r = await upload(
      [JSON.stringify({ id: appeals[0].correctionId, result: 'refused' }), JSON.stringify({ id: appeals[2].correctionId, result: 'cleared' })].join('\n')
    )
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ total: 2, applied: 1, failed: 1 })
    expect(r.body.lines[0]).toMatchObject({ outcome: 'error', code: 'ACK_CONFLICT' })
    expect(await correctionRow(server, appeals[0].correctionId)).toMatchObject({ status: 'cleared', result: 'cleared' })
    expect(await correctionRow(server, appeals[2].correctionId)).toMatchObject({ status: 'cleared' })
  })

  it('applies lines of one correction in file order, and refuses a file longer than a batch', async () => {
    const x = await approvedAppeal(server, api, reviewer, 200)
    const lines = ['cleared', 'refused', 'cleared'].map((result) => JSON.stringify({ id: x.correctionId, result }))
    const r = await upload(lines.join('\n'))
    expect(r.status).toBe(200)
    expect(r.body.lines.map((l: { line: number; outcome: string; code?: string }) => [l.line, l.outcome, l.code])).toEqual([
      [1, 'applied', undefined],
      [2, 'error', 'ACK_CONFLICT'],
      [3, 'unchanged', undefined]
    ])
    const tooLong = await upload(Array.from({ length: RESULTS_MAX_LINES + 3 }, () => lines[0]).join('\n'))
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('refuses non-supervisors, unknown operators, empty files, other media types and non-UTF-8 bytes', async () => {
    const line = JSON.stringify({ id: appeals[0].correctionId, result: 'cleared' })
    expect((await upload(line, { token: reviewer })).status).toBe(403)
    expect((await upload(line, { token: appeals[0].citizen })).status).toBe(401)
    const unknown = await upload(line, { operator: 'nobody' })
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'OPERATOR_NOT_FOUND'])
    const empty = await upload('\n\n')
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const asJson = await upload(line, { type: 'application/json' })
    expect(asJson.status).toBeGreaterThanOrEqual(400)
    expect(asJson.status).toBeLessThan(500)
    const latin1 = await upload(Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0xff, 0xfe, 0x7d]))
    expect([latin1.status, latin1.body.error.code]).toEqual([400, 'BODY_NOT_UTF8'])
    const bell = await upload(line + '\u0007')
    expect([bell.status, bell.body.error.code]).toEqual([400, 'INVALID_CHARACTERS'])
    const doc = await (await fetch(`${server.base}/api/docs/json`)).json()
    expect(Object.keys(doc.paths['/api/v1/review/corrections/batch-results'].post.requestBody.content)).toContain('application/x-ndjson')
    const plain = await upload(line, { type: 'text/plain; charset=utf-8' })
    expect(plain.status).toBe(200)
    expect(plain.body.unchanged).toBe(1)
  })
})
