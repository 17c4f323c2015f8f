// One error shape for everything; a server fault never leaks internals.
import { sql } from 'kysely'
import { client, startServer, type TestServer } from './helpers'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server.base)
})
afterAll(() => server.close())

it('a wrong JSON type is refused, not coerced → 400 naming the field', async () => {
  const r = await api.call('POST', '/reviewer/session', { body: { username: 123, password: 'x' } })
  expect(r.status).toBe(400)
  expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'username' })
})

it('a database fault → 500 INTERNAL with a Chinese message and no SQL or stack', async () => {
  const token = await api.device()
  await sql`DROP TABLE appeal_tests`.execute(server.app.db.kysely)
  await sql`DROP TABLE appeal_events`.execute(server.app.db.kysely)
  await sql`ALTER TABLE appeals RENAME TO appeals_gone`.execute(server.app.db.kysely)
  const r = await api.call('GET', '/appeals', { token })
  expect(r.status).toBe(500)
  expect(r.body).toMatchObject({ error: { code: 'INTERNAL', message: '服务器开小差了，请稍后重试' } })
})
