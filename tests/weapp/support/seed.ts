// Real data for the rendered pages, created over HTTP the way the app and the reviewers create it:
// citizens sign in through WeChat login (the live server asks the code2Session stand-in), upload the fixture
// screenshots, file appeals; reviewers sign in, claim and decide.
import fs from 'node:fs'
import { idCheckChar } from '../../../src/domain/identity'
import type { Appeal } from '../../../types/appeal'
import type { CreateAppealRequest } from '../../../types/api'
import { api } from './http'
import { fixture, type LiveApi } from './weapp'

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()
const idNumber = (base17: string) => base17 + idCheckChar(base17)
/** Yesterday in Beijing time, YYYY-MM-DD (a trigger date the server accepts) */
const yesterday = () => new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10)

export interface Seeded {
  /** the citizen the app signs in as (WeChat code prefix `citizen-a`) */
  citizenCode: string
  queued: Appeal
  needsInfo: Appeal
  needsInfoNote: string
  /** three same-cause appeals of other citizens: a cluster for the supervisor */
  others: Appeal[]
}

export async function seed(live: LiveApi): Promise<Seeded> {
  const http = api(live.base)
  const popup = fs.readFileSync(fixture('popup.png'))
  const neg1 = fs.readFileSync(fixture('negative-1.png'))
  const neg2 = fs.readFileSync(fixture('negative-2.png'))

  const citizen = async (code: string) => (await http.ok<{ token: string }>(200, 'POST', '/session/wechat', { body: { code: `${code}-0` } })).token
  const file = async (token: string, body: Omit<CreateAppealRequest, 'popupShot' | 'negativeTests'>, tests: Buffer[]) => {
    const popupShot = await http.upload(token, popup, 'popup.png', 'image/png')
    const shots: string[] = []
    for (const t of tests) shots.push(await http.upload(token, t, 'negative.png', 'image/png'))
    const negativeTests = shots.map((shot, i) => ({ shot, sampledAt: hoursAgo(shots.length === 2 && i === 0 ? 30 : 3) }))
    return http.ok<Appeal>(201, 'POST', '/appeals', { token, body: { ...body, popupShot, negativeTests } })
  }

  const a = await citizen('citizen-a')
  const applicant = { name: '王小明', idNumber: idNumber('11010519491231002'), phone: '13800138000' }
  const queued = await file(a, { category: 'medicine', district: '朝阳区', applicant, statement: '只买过退烧药，核酸阴性后仍弹窗' }, [neg1])
  const needsInfo = await file(a, { category: 'travel', district: '朝阳区', applicant, statement: '出差返京，两次核酸阴性仍弹窗' }, [neg1, neg2])

  const others: Appeal[] = []
  const triggerDate = yesterday()
  for (const [i, code] of ['citizen-b', 'citizen-c', 'citizen-d'].entries()) {
    const token = await citizen(code)
    const who = { name: ['李四', '赵敏', '陈晨'][i], idNumber: idNumber(`1101051980010100${i}`), phone: `1390000000${i}` }
    others.push(await file(token, { category: 'medicine', district: '朝阳区', triggerDate, applicant: who, statement: '同一药店购药后弹窗' }, [neg2]))
  }

  // a reviewer asks citizen A for more material on the travel appeal
  const reviewer = await http.ok<{ token: string }>(200, 'POST', '/reviewer/session', { body: live.reviewer })
  await http.ok(200, 'POST', `/review/appeals/${needsInfo.id}/claim`, { token: reviewer.token, body: {} })
  const needsInfoNote = '请补充第二次核酸阴性截图（两次采样间隔 24 小时以上）'
  await http.ok(200, 'POST', `/review/appeals/${needsInfo.id}/decision`, {
    token: reviewer.token,
    body: { outcome: 'needs_info', reasonCode: 'second_test', note: needsInfoNote }
  })
  await http.ok(204, 'DELETE', '/reviewer/session', { token: reviewer.token })
  return { citizenCode: 'citizen-a', queued, needsInfo, needsInfoNote, others }
}
