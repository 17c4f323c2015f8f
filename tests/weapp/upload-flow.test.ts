/**
 * @jest-environment jsdom
 */
// The citizen's first screenshot on the compiled weapp build: consent → wx.chooseImage → wx.compressImage →
// wx.uploadFile, a real multipart POST of the fixture's bytes to the live server → 201 → 「已上传」.
// WeChat's own parts (album, compression, privacy prompt, login) are stand-ins; the upload hits the real API.
import fs from 'node:fs'
import { send } from './support/http'
import { fixture, loadWeapp, startLiveApi, type LiveApi, type Weapp } from './support/weapp'

jest.setTimeout(60_000)

let live: LiveApi
let app: Weapp

beforeAll(async () => {
  live = await startLiveApi()
  app = loadWeapp(live.base)
  app.loginAs('first-time-citizen')
})
afterAll(async () => {
  await live?.stop()
})

test('consent, pick, compress and upload a screenshot from the appeal form: the page says 已上传 and the server holds it', async () => {
  const page = await app.open('packageAppeal/pages/new/index')
  await page.waitForText('您是因为哪种情况被弹窗？', '购药弹窗')
  await page.tap('#category-medicine')
  await page.waitForText('解除办法：')
  await page.tap('#btn-step-next')
  await page.waitForText('健康宝弹窗截图', '弹窗截图（1 张）', '未上传')

  app.putInAlbum(fixture('popup.png'))
  await page.tap('#pick-popup')
  // first upload: the separate consent to sensitive personal information comes first; nothing is picked yet
  await page.waitForText('上传前请先阅读并同意', '同意并继续上传')
  expect(app.log.chosen).toEqual([])
  await page.tap('#consent-agree')

  const status = await page.find('#upload-status-popup')
  await app.waitFor(
    () => status.dom.textContent === '✓ 已上传',
    () => `upload status: ${status.dom.textContent}; uploads: ${JSON.stringify(app.log.uploads)}; requests: ${JSON.stringify(app.log.requests)}`
  )
  expect(app.log.privacyAsked).toBe(1)
  expect(app.log.chosen).toHaveLength(1)
  // compressed on the phone first (JPEG quality 80; a 1080-px-wide screenshot keeps its width)
  expect(app.log.compressed).toEqual([{ src: app.log.chosen[0], quality: 80, compressedWidth: undefined }])
  expect(app.log.uploads).toHaveLength(1)
  const [upload] = app.log.uploads
  expect(upload).toMatchObject({ url: `${live.base}/api/v1/uploads`, status: 201, bytes: fs.readFileSync(fixture('popup.png')).length })
  expect(upload.filePath).not.toBe(app.log.chosen[0])
  // signed in through WeChat login first: the upload carried the token the live server issued
  expect(app.log.requests.some((r) => r.url === `${live.base}/api/v1/session/wechat` && r.status === 200)).toBe(true)

  // the server really holds it: the picker's preview is the original, and the stored file reads back for its owner
  const session = JSON.parse(app.storage.get('pa.citizen.session') as string) as { token: string }
  const draft = JSON.parse(app.storage.get('pa.appeal-draft') as string) as { state: { popupShot: string } }
  const stored = await send('GET', `${live.base}/api/v1/files/${draft.state.popupShot}?token=${encodeURIComponent(session.token)}`, {})
  expect(stored.status).toBe(200)
  expect(String(stored.headers['content-type'])).toMatch(/^image\//)
  page.close()
})
