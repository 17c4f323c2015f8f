// Settings are validated at boot; the reviewer:add CLI creates accounts in DATA_DIR's database.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../server/config'
import { reviewerAdd } from '../../server/cli/reviewer-add'
import { buildApp } from '../../server/app'
import { client } from './helpers'
import { NO_LOAD_SHEDDING } from '../support/env'
import type { AddressInfo } from 'node:net'

describe('config', () => {
  it('has defaults that run', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', reviewLeaseMinutes: 10, evidenceMaxAgeHours: 72, uploadMaxBytes: 10 * 1024 * 1024 })
    expect(c.uploadMaxPixels).toBe(8e6)
  })

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['REVIEW_LEASE_MINUTES', '0'],
    ['EVIDENCE_MAX_AGE_HOURS', '1.5'],
    ['UPLOAD_MAX_BYTES', '-1'],
    ['WECHAT_API_BASE', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_TTL_HOURS', 'x']
  ])('a bad %s (%s) throws an error naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name)
  })
})

describe('reviewer:add', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-cli-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('creates a reviewer with repeated --district, printing no password; the reviewer can log in', async () => {
    const msg = await reviewerAdd(['--username', 'li', '--password', 'long-enough-pw', '--district', '朝阳区', '--district', '海淀区'], {
      DATA_DIR: dir
    })
    expect(msg).toContain('li')
    expect(msg).toContain('朝阳区')
    expect(msg).not.toContain('long-enough-pw')

    // a loaded CI machine must not shed this login (it once answered 503 OVERLOADED here)
    const app = await buildApp(loadConfig({ ...NO_LOAD_SHEDDING, DATA_DIR: dir, LOG_LEVEL: 'silent', H5_DIR: path.join(dir, 'none') }))
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const api = client(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`)
      const login = await api.reviewerLogin('li', 'long-enough-pw')
      expect(login.reviewer).toMatchObject({ username: 'li', districts: ['朝阳区', '海淀区'], supervisor: false })
    } finally {
      await app.close()
    }
  })

  it('refuses a district outside Beijing, a short password and a duplicate username', async () => {
    await expect(reviewerAdd(['--username', 'wang', '--password', 'long-enough-pw', '--district', '浦东新区'], { DATA_DIR: dir })).rejects.toThrow('区')
    await expect(reviewerAdd(['--username', 'wang', '--password', 'short'], { DATA_DIR: dir })).rejects.toThrow('8')
    await expect(reviewerAdd(['--username', 'li', '--password', 'long-enough-pw'], { DATA_DIR: dir })).rejects.toThrow('已存在')
  })
})
