// A leaked database file or log reveals nothing useful: no plaintext ID number or phone anywhere in the
// SQLite file (and its WAL) or in the JSON log of a run that filed, reviewed and exported appeals.
import fs from 'node:fs'
import path from 'node:path'
import { appealBody, client, fileQuickAppeal, reviewerToken, tinyPng, VALID_ID, type TestServer } from '../api/helpers'
import { idCheckChar } from '../../src/domain/identity'
import { startLoggedServer, closedAppeal } from './support'
import { pgWanted } from '../api/pg'

const ID2 = '11010519800101123' + idCheckChar('11010519800101123')
const PHONE2 = '13912345678'

let server: TestServer & { log: () => string }
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startLoggedServer()
  api = client(server.base)
})
afterAll(() => server.close())

it('files, reviews, exports and verifies appeals; neither the database file nor the log holds an ID number or phone', async () => {
  const a = await fileQuickAppeal(api, 1)
  const token = await api.device()
  const popup = await api.uploadOk(token, await tinyPng(50))
  const neg = await api.uploadOk(token, await tinyPng(51))
  const b = await api.call('POST', '/appeals', {
    token,
    body: appealBody({ popup, tests: [neg] }, { applicant: { name: '王小明', idNumber: ID2, phone: PHONE2 } })
  })
  expect(b.status).toBe(201)
  // the citizen sees their own appeal masked
  expect(b.body.applicant).toEqual({ name: '王*明', idNumber: '1101**********' + ID2.slice(-4), phone: '139****5678' })

  // a bad filing carrying the numbers goes to the log as an error line, never with the values
  await api.call('POST', '/appeals', { token, body: { ...appealBody({ popup, tests: [neg] }), applicant: { name: 'x', idNumber: ID2, phone: PHONE2, extra: 1 } } })

  const rev = await reviewerToken(server, api, 'sec-alice')
  const held = await api.call('POST', `/review/appeals/${b.body.id}/claim`, { token: rev.token })
  expect(held.status).toBe(200)
  // the reviewer holding the appeal sees the full identity (the one place it is shown)
  expect(held.body.applicant).toEqual({ name: '王小明', idNumber: ID2, phone: PHONE2 })
  expect((await api.call('POST', `/review/appeals/${b.body.id}/decision`, { token: rev.token, body: { outcome: 'approved' } })).status).toBe(200)
  await closedAppeal(api, rev.token, a)

  // the same ID number matched through the HMAC for the history
  const c = await fileQuickAppeal(api, 60, { applicant: { name: '王小明', idNumber: ID2, phone: PHONE2 } })
  const hist = await api.call('GET', `/review/appeals/${c.id}/history`, { token: rev.token })
  expect(hist.status).toBe(200)
  expect(hist.body.items.map((i: any) => i.id)).toEqual([b.body.id])
  expect(JSON.stringify(hist.body)).not.toContain(ID2)
  expect(JSON.stringify(hist.body)).not.toContain(PHONE2)

  const exp = await api.call('GET', '/me/export', { token })
  expect(exp.status).toBe(200)
  const receipt = await api.call('GET', `/appeals/${c.id}/receipt`, { token: c.token })
  await fetch(server.base + receipt.body.verifyPath)

  // the stored columns are ciphertext with a key id, plus the HMAC
  const rows = await server.app.db.kysely.selectFrom('appeals').selectAll().execute()
  for (const r of rows) {
    for (const f of [r.applicant_name, r.applicant_id_number, r.applicant_phone]) expect(f).toMatch(/^v1:[0-9a-f]{8}:[\w-]+:[\w-]+:[\w-]+$/)
    expect(r.applicant_id_hmac).toMatch(/^[0-9a-f]{64}$/)
  }

  const log = server.log()
  expect(log.length).toBeGreaterThan(1000)
  expect(log).toContain('/verify/[REDACTED]')
  expect(log).not.toContain(receipt.body.token)
  if (!pgWanted()) {
    await server.app.db.kysely.selectFrom('appeals').select('id').execute() // WAL written
    const files = ['appeals.sqlite', 'appeals.sqlite-wal'].map((f) => path.join(server.dir, f)).filter((f) => fs.existsSync(f))
    expect(files.length).toBeGreaterThan(0)
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(f)))
    for (const secret of [VALID_ID, ID2, '13800138000', PHONE2, '王小明']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false)
      expect(log.includes(secret)).toBe(false)
    }
  }
  for (const secret of [VALID_ID, ID2, '13800138000', PHONE2]) expect(log.includes(secret)).toBe(false)
})
