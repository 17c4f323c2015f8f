// Broken and over-full multipart uploads, as a flaky phone connection or a hostile client sends them, in raw
// bytes: each is a 400 with its code and a Chinese message, nothing is stored, and nothing is logged as an
// error (a lost connection is the network's doing, not a server fault).
import { client, tinyPng } from '../api/helpers'
import { filePart, multipart, postUpload, rowCount, startLoggedServer, storedFiles, type LoggedServer } from './input-support'

let server: LoggedServer
let token: string
let png: Buffer

beforeAll(async () => {
  server = await startLoggedServer()
  png = await tinyPng(11)
})
// a citizen per test: the production upload limit (20 per citizen a minute) stays on in this suite
beforeEach(async () => {
  token = await client(server.base).device()
})
afterAll(() => server.close())

async function stored() {
  return { rows: await rowCount(server.app, 'uploads'), files: storedFiles(server.dir).length }
}

const mp = (boundary: string) => `multipart/form-data; boundary=${boundary}`

function expectRefused(r: Awaited<ReturnType<typeof postUpload>>, status: number, code: string) {
  expect(r).not.toBeNull()
  expect(r!.status).toBe(status)
  expect(r!.body.error.code).toBe(code)
  expect(r!.body.error.message).toMatch(/[\u4e00-\u9fff]/)
}

describe('a body that is not well-formed multipart → 400 UPLOAD_MALFORMED, nothing stored', () => {
  it('the boundary in the header is not the one in the body', async () => {
    const before = await stored()
    const { body } = multipart([filePart(png)], 'BodyBoundary1234')
    expectRefused(await postUpload(server.base, token, body, mp('HeaderBoundary9876')), 400, 'UPLOAD_MALFORMED')
    expect(await stored()).toEqual(before)
  })

  it('the body ends inside the file part (no closing boundary, the image cut short)', async () => {
    const before = await stored()
    const { body, boundary } = multipart([filePart(png)])
    for (const keep of [body.length - 3, body.length - 40, Math.floor(body.length / 2), 120]) {
      expectRefused(await postUpload(server.base, token, body.subarray(0, keep), mp(boundary)), 400, 'UPLOAD_MALFORMED')
    }
    expect(await stored()).toEqual(before)
  })

  it('multipart/form-data without a boundary parameter, or an empty one', async () => {
    const before = await stored()
    const { body } = multipart([filePart(png)])
    expectRefused(await postUpload(server.base, token, body, 'multipart/form-data'), 400, 'UPLOAD_MALFORMED')
    expectRefused(await postUpload(server.base, token, body, 'multipart/form-data; boundary='), 400, 'UPLOAD_MALFORMED')
    expect(await stored()).toEqual(before)
  })

  it('a part whose headers are garbage, and a body with no parts at all → 400, nothing stored', async () => {
    const before = await stored()
    const garbage = Buffer.from('--b0und\r\nthis is not a header line\r\n\r\n\u0000\u0001\u0002\r\n--b0und--\r\n')
    const r1 = await postUpload(server.base, token, garbage, mp('b0und'))
    expect(r1!.status).toBe(400)
    expect(['UPLOAD_MALFORMED', 'UPLOAD_MISSING_FILE']).toContain(r1!.body.error.code)
    expectRefused(await postUpload(server.base, token, Buffer.from('--b0und--\r\n'), mp('b0und')), 400, 'UPLOAD_MISSING_FILE')
    expect(await stored()).toEqual(before)
  })

  it('the connection drops mid-upload: nothing stored, the server carries on', async () => {
    const before = await stored()
    const { body, boundary } = multipart([filePart(await tinyPng(12))])
    for (const cutAfter of [10, 150, body.length - 20]) {
      expect(await postUpload(server.base, token, body, mp(boundary), { cutAfter })).toBeNull()
    }
    // the next upload from the same phone goes through
    const ok = multipart([filePart(await tinyPng(13))])
    const r = await postUpload(server.base, token, ok.body, mp(ok.boundary))
    expect(r!.status).toBe(201)
    expect(await stored()).toEqual({ rows: before.rows + 1, files: before.files + 2 })
  })
})

describe('a form that is more than one screenshot → 400, and not even the first part is stored', () => {
  it('two `file` parts → 400 UPLOAD_ONE_FILE_ONLY', async () => {
    const before = await stored()
    const { body, boundary } = multipart([filePart(await tinyPng(21)), filePart(await tinyPng(22))])
    expectRefused(await postUpload(server.base, token, body, mp(boundary)), 400, 'UPLOAD_ONE_FILE_ONLY')
    expect(await stored()).toEqual(before)
  })

  it('three files, or a second file under another name → 400 UPLOAD_ONE_FILE_ONLY', async () => {
    const before = await stored()
    const three = multipart([filePart(await tinyPng(23)), filePart(await tinyPng(24)), filePart(await tinyPng(25))])
    expectRefused(await postUpload(server.base, token, three.body, mp(three.boundary)), 400, 'UPLOAD_ONE_FILE_ONLY')
    const renamed = multipart([filePart(await tinyPng(26), 'picture'), filePart(await tinyPng(27))])
    expectRefused(await postUpload(server.base, token, renamed.body, mp(renamed.boundary)), 400, 'UPLOAD_ONE_FILE_ONLY')
    expect(await stored()).toEqual(before)
  })

  it('an extra text field before or after the file, a prototype-polluting field name, a flood of fields → 400 UPLOAD_UNEXPECTED_FIELD', async () => {
    const before = await stored()
    const forms = [
      multipart([filePart(await tinyPng(31)), { name: 'note', data: 'hello' }]),
      multipart([{ name: 'owner_id', data: 'someone-else' }, filePart(await tinyPng(32))]),
      multipart([{ name: '__proto__', data: '{"admin":true}' }, filePart(await tinyPng(33))]),
      multipart([...Array.from({ length: 200 }, (_, i) => ({ name: `f${i}`, data: 'x' })), filePart(await tinyPng(34))])
    ]
    for (const f of forms) expectRefused(await postUpload(server.base, token, f.body, mp(f.boundary)), 400, 'UPLOAD_UNEXPECTED_FIELD')
    expect(await stored()).toEqual(before)
  })

  it('a form with only a field named `file` (no file in it) → 400 UPLOAD_MISSING_FILE', async () => {
    const { body, boundary } = multipart([{ name: 'file', data: 'iVBORw0KGgo=' }])
    expectRefused(await postUpload(server.base, token, body, mp(boundary)), 400, 'UPLOAD_MISSING_FILE')
  })

  it('one well-formed `file` part is still a 201', async () => {
    const { body, boundary } = multipart([filePart(await tinyPng(41))])
    const r = await postUpload(server.base, token, body, mp(boundary))
    expect(r!.status).toBe(201)
    expect(r!.body).toMatchObject({ width: 40, height: 60 })
  })
})

it('none of the above was logged as an error or a warning; the malformed ones say why at info level, without bytes', () => {
  const logs = server.logs()
  expect(logs.filter((l) => l.level >= 40)).toEqual([])
  const malformed = logs.filter((l) => l.msg === 'malformed multipart upload')
  expect(malformed.length).toBeGreaterThanOrEqual(4)
  expect(malformed.every((l) => l.level === 30 && typeof l.reason === 'string')).toBe(true)
  expect(JSON.stringify(logs)).not.toContain('IHDR')
})
