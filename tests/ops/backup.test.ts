// Back up under write load, restore into a fresh directory, start a server on it: every appeal acknowledged
// before the backup started is there, with its screenshots. (The keys' round trip, with real processes
// only, is tests/ops/restore.test.ts.)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { ROOT, startInProcess, tempDir } from './support'
import { client, fileQuickAppeal } from '../api/helpers'

jest.setTimeout(120_000)

const PASSPHRASE = 'backup under load, sealed'
// a server built in-process only makes its receipt key when the first receipt is asked for (server/main.ts
// makes it at start); the backup refuses a database with appeals and no receipt key, so give it one
const RECEIPT_KEY = 'r'.repeat(40)

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/ops/backup-cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.once('exit', (code) => resolve({ code, out, err }))
  })
}

describe('backup and restore', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('backs up under write load and restores every appeal acknowledged before the backup, with its screenshots', async () => {
    const live = await startInProcess({ RECEIPT_KEY })
    dirs.push(live.dir)
    const work = await tempDir('appeal-bk-')
    dirs.push(work)
    const archive = path.join(work, 'backup.tar.gz')
    const api = client(live.base)

    const before: { token: string; id: string }[] = []
    for (let i = 0; i < 8; i++) before.push(await fileQuickAppeal(api, i * 3))

    // write load: 4 citizens filing continuously while the backup runs
    let loading = true
    let during = 0
    const load = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        let seed = 100 + w
        while (loading) {
          await fileQuickAppeal(api, (seed += 4))
          during++
        }
      })
    )
    const b = await cli(['backup', archive], { DATA_DIR: live.dir, RECEIPT_KEY, BACKUP_PASSPHRASE: PASSPHRASE })
    loading = false
    await load
    expect(b.err).toBe('')
    expect(b.code).toBe(0)
    expect(b.out).toContain('backed up')
    const total = await live.app.db.kysely.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    await live.close()

    // restore refuses a directory that is not empty
    const busy = await tempDir('appeal-busy-')
    dirs.push(busy)
    fs.writeFileSync(path.join(busy, 'something'), 'x')
    const refused = await cli(['restore', archive], { DATA_DIR: busy, BACKUP_PASSPHRASE: PASSPHRASE })
    expect(refused.code).not.toBe(0)
    expect(refused.err).toContain('not empty')

    const fresh = path.join(work, 'restored')
    const r = await cli(['restore', archive], { DATA_DIR: fresh, BACKUP_PASSPHRASE: PASSPHRASE })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)

    const restored = await startInProcess({ DATA_DIR: fresh })
    try {
      const api2 = client(restored.base)
      let found = 0
      for (const a of before) {
        const got = await api2.call('GET', `/appeals/${a.id}`, { token: a.token })
        expect(got.status).toBe(200)
        for (const shot of [got.body.popupShot, ...got.body.negativeTests.map((t: { shot: string }) => t.shot)]) {
          const f = await fetch(`${restored.base}/api/v1/files/${shot}`, { headers: { authorization: `Bearer ${a.token}` } })
          expect(f.status).toBe(200)
          expect(Buffer.from(await f.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')
        }
        found++
      }
      // every appeal in the restored database has its evidence files
      const shots = await restored.app.db.kysely.selectFrom('appeals').select('popup_shot').execute()
      for (const s of shots) expect(fs.existsSync(path.join(fresh, 'files', s.popup_shot))).toBe(true)
      console.log(
        `backup under load: acknowledged before backup ${before.length}, filed during backup ${during}, ` +
          `in the live database at the end ${Number(total.n)}, in the backup ${shots.length}, ` +
          `pre-backup appeals found after restore ${found}, lost ${before.length - found}`
      )
      expect(found).toBe(before.length)
      expect(during).toBeGreaterThan(0)
    } finally {
      await restored.close()
    }
  })
})
