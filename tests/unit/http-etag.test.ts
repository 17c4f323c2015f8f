// Issue 15: the client remembers the last ETag and body per URL, sends If-None-Match, and on 304 reuses the body.
import Taro, { resetTaroMock } from './mocks/taro'
import { clearValidated, request } from '../../src/services/http'

const req = Taro.request as jest.Mock

beforeEach(() => {
  resetTaroMock()
  req.mockReset()
  clearValidated()
})

it('sends the last ETag of a URL and on 304 returns the body it had', async () => {
  const body = { id: 'a1', status: 'queued' }
  req.mockResolvedValueOnce({ statusCode: 200, header: { ETag: '"v1"' }, data: JSON.stringify(body) })
  expect((await request('/appeals/a1')).data).toEqual(body)
  expect(req.mock.calls[0][0].header['If-None-Match']).toBeUndefined()

  // h5 (fetch) hands a 304 over with data null; lower-case header names as fetch gives them
  req.mockResolvedValueOnce({ statusCode: 304, header: { etag: '"v1"' }, data: null })
  const again = await request('/appeals/a1')
  expect(req.mock.calls[1][0].header['If-None-Match']).toBe('"v1"')
  expect(again).toEqual({ status: 200, data: body })

  // a changed appeal: the new body and ETag replace the old ones
  req.mockResolvedValueOnce({ statusCode: 200, header: { etag: '"v2"' }, data: JSON.stringify({ ...body, status: 'in_review' }) })
  expect((await request('/appeals/a1')).data).toMatchObject({ status: 'in_review' })
  req.mockResolvedValueOnce({ statusCode: 304, header: {}, data: null })
  expect((await request('/appeals/a1')).data).toMatchObject({ status: 'in_review' })
  expect(req.mock.calls[3][0].header['If-None-Match']).toBe('"v2"')
})

it('never sends If-None-Match on writes, nor for URLs answered without an ETag', async () => {
  req.mockResolvedValue({ statusCode: 200, header: {}, data: JSON.stringify({ items: [] }) })
  await request('/appeals')
  await request('/appeals')
  await request('/appeals/a1/urge', { method: 'POST', data: {} })
  for (const [opts] of req.mock.calls) expect(opts.header['If-None-Match']).toBeUndefined()
})
