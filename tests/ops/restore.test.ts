// An operator's restore, with real processes only (the keyring is process-wide, so an in-process server
// would still hold the old keys and hide a restore that lost them): a server on DATA_DIR generates its own
// keys, a citizen files an appeal with the fixture screenshots and takes a receipt; `npm run backup` seals
// the keys under a passphrase; `npm run restore` into an empty DATA_DIR; a new server there serves the appeal,
// its screenshots byte for byte, the decrypted applicant to the reviewer holding it, and the receipt verifies.
// And the refusals: no passphrase, a wrong one, a --without-keys backup restored without its keys.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import zlib from 'node:zlib'
import { ROOT, spawnServer, tempDir, type Spawned } from './support'
import { appealBody, client, sample, VALID_ID } from '../api/helpers'
import { kidOf } from '../../server/crypto/keyring'
import { receiptKeyFingerprint } from '../../server/receipts/service'

jest.setTimeout(180_000)

const PASSPHRASE = 'correct horse battery staple 弹窗'

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

/** Server env: no key settings, so it makes (and must later find) DATA_DIR/data.key and receipt.key itself. */
function serverEnv(dir: string): Record<string, string> {
  return {
    DATA_DIR: dir,
    H5_DIR: path.join(dir, 'no-h5'),
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_IN_FLIGHT: '0',
    OVERLOAD_MAX_CONNECTIONS: '0'
  }
}

async function stop(s: Spawned): Promise<void> {
  s.child.kill('SIGTERM')
  expect(await s.exited).toBe(0)
}

/** The archive's whole content, decompressed (tar is plain concatenation): to look for key material in clear. */
function archiveText(file: string): string {
  return zlib.gunzipSync(fs.readFileSync(file)).toString('latin1')
}

function listArchive(file: string): string[] {
  const r = spawnSync('tar', ['-tzf', file])
  return r.stdout.toString().split('\n').filter(Boolean)
}

function manifestOf(file: string): any {
  const r = spawnSync('tar', ['-xzOf', file, 'manifest.json'])
  return JSON.parse(r.stdout.toString())
}

const isEmptyOrAbsent = (dir: string): boolean => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0

async function fetchBytes(url: string, token: string): Promise<Buffer> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  expect(r.status).toBe(200)
  return Buffer.from(await r.arrayBuffer())
}

describe('operator restore: keys sealed in the backup', () => {
  const dirs: string[] = []
  const running: Spawned[] = []
  let work: string
  let src: string
  let sealedArchive: string
  let openArchive: string
  let dataKeyB64: string
  let kid: string
  let receiptFp: string
  let filed: { token: string; id: string; receipt: string; shots: Buffer[]; demoPassword: string }
  let backupMs = 0

  beforeAll(async () => {
    work = await tempDir('appeal-restore-')
    dirs.push(work)
    src = path.join(work, 'live')
    sealedArchive = path.join(work, 'sealed.tar.gz')
    openArchive = path.join(work, 'without-keys.tar.gz')

    const live = await spawnServer(serverEnv(src))
    running.push(live)
    const demoPassword = /username demo password (\S+)/.exec(live.stdout())?.[1]
    expect(demoPassword).toBeTruthy()
    const api = client(live.base)
    const token = await api.device()
    const popup = await api.uploadOk(token, sample('popup.png'))
    const n1 = await api.uploadOk(token, sample('negative-1.png'))
    const n2 = await api.uploadOk(token, sample('negative-2.png'))
    const created = await api.call('POST', '/appeals', { token, body: appealBody({ popup, tests: [n1, n2] }) })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const receipt = await api.call('GET', `/appeals/${id}/receipt`, { token })
    expect(receipt.status).toBe(200)
    const verify = await fetch(live.base + receipt.body.verifyPath)
    expect(verify.headers.get('x-receipt-valid')).toBe('1')
    const shots: Buffer[] = []
    for (const s of [popup, n1, n2]) shots.push(await fetchBytes(`${live.base}/api/v1/files/${s}`, token))
    filed = { token, id, receipt: receipt.body.verifyPath, shots, demoPassword: demoPassword! }

    dataKeyB64 = fs.readFileSync(path.join(src, 'data.key'), 'utf8').trim()
    kid = kidOf(Buffer.from(dataKeyB64, 'base64'))
    const receiptKey = fs.readFileSync(path.join(src, 'receipt.key'), 'utf8').trim()
    receiptFp = receiptKeyFingerprint(Buffer.from(receiptKey, 'utf8'))

    // online backups while the server runs: one sealed, one with the keys kept apart
    const tBackup = Date.now()
    const sealed = await cli(['backup', sealedArchive], { DATA_DIR: src, BACKUP_PASSPHRASE: PASSPHRASE })
    backupMs = Date.now() - tBackup
    expect(sealed.err).toBe('')
    expect(sealed.code).toBe(0)
    expect(sealed.out).toContain('sealed in the backup')
    const open = await cli(['backup', openArchive, '--without-keys'], { DATA_DIR: src })
    expect(open.err).toBe('')
    expect(open.code).toBe(0)
    expect(open.out).toContain('NOT in the backup')
    await stop(live)
    running.length = 0
    for (const a of [sealedArchive, openArchive]) expect(fs.statSync(a).mode & 0o777).toBe(0o600)
    for (const text of [archiveText(sealedArchive), archiveText(openArchive)]) {
      expect(text).not.toContain(dataKeyB64)
      expect(text).not.toContain(receiptKey)
    }
  })

  afterAll(async () => {
    for (const s of running) s.child.kill('SIGKILL')
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('the manifest names the keys by fingerprint only; the sealed backup carries keys.sealed.json, the other does not', () => {
    const m = manifestOf(sealedArchive)
    expect(m.format).toBe('popup-appeal-backup/2')
    expect(m.keys).toEqual({
      sealed: true,
      dataKeyIds: [kid],
      currentKeyId: kid,
      indexKeyId: kid,
      dataKeyIdsInUse: [kid],
      receiptKeyFingerprint: receiptFp
    })
    expect(listArchive(sealedArchive)).toContain('keys.sealed.json')
    const o = manifestOf(openArchive)
    expect(o.keys).toMatchObject({ sealed: false, dataKeyIds: [kid], receiptKeyFingerprint: receiptFp })
    expect(listArchive(openArchive)).not.toContain('keys.sealed.json')
  })

  it('backup refuses without a passphrase (unless --without-keys), a passphrase on the command line, or a short one', async () => {
    const out = path.join(work, 'refused.tar.gz')
    const none = await cli(['backup', out], { DATA_DIR: src })
    expect(none.code).toBe(1)
    expect(none.err).toContain('refusing to back up without a passphrase')
    expect(none.err).toContain('--without-keys')
    const argv = await cli(['backup', out, `--passphrase=${PASSPHRASE}`], { DATA_DIR: src })
    expect(argv.code).toBe(1)
    expect(argv.err).toContain('never put the passphrase on the command line')
    const short = await cli(['backup', out], { DATA_DIR: src, BACKUP_PASSPHRASE: 'short' })
    expect(short.code).toBe(1)
    expect(short.err).toContain('too short')
    expect(fs.existsSync(out)).toBe(false)
  })

  it('restore without the passphrase, or with a wrong one, refuses, says so and leaves DATA_DIR empty', async () => {
    const target = path.join(work, 'no-pass')
    const missing = await cli(['restore', sealedArchive], { DATA_DIR: target })
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('sealed under a passphrase')
    expect(missing.err).toContain('Nothing was written')
    expect(isEmptyOrAbsent(target)).toBe(true)

    const passFile = path.join(work, 'wrong.pass')
    fs.writeFileSync(passFile, 'not the passphrase at all\n', { mode: 0o600 })
    const wrong = await cli(['restore', sealedArchive, '--passphrase-file', passFile], { DATA_DIR: target })
    expect(wrong.code).toBe(1)
    expect(wrong.err).toContain('wrong passphrase')
    expect(isEmptyOrAbsent(target)).toBe(true)
  })

  it('round trip: backup → restore with the passphrase → start → appeal, screenshots, applicant readable; the receipt verifies', async () => {
    const t0 = Date.now()
    const target = path.join(work, 'restored')
    const passFile = path.join(work, 'right.pass')
    fs.writeFileSync(passFile, PASSPHRASE + '\n', { mode: 0o600 })
    const r = await cli(['restore', sealedArchive, '--passphrase-file', passFile], { DATA_DIR: target })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`data key id(s) ${kid} from the sealed keys`)
    const tRestore = Date.now()
    // the keys came back as the files a server reads, owner-only, and equal to the originals
    for (const f of ['data.key', 'receipt.key']) expect(fs.statSync(path.join(target, f)).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(path.join(target, 'data.key'), 'utf8').trim()).toBe(dataKeyB64)
    expect(fs.readdirSync(target).filter((n) => n.startsWith('.restore'))).toEqual([])

    const restored = await spawnServer(serverEnv(target))
    running.push(restored)
    const tStart = Date.now()
    expect(restored.stdout()).not.toContain('demo password') // the reviewers came back too
    expect(restored.stdout()).not.toContain('generated the receipt key')
    const api = client(restored.base)

    const got = await api.call('GET', `/appeals/${filed.id}`, { token: filed.token })
    expect(got.status).toBe(200)
    const shotIds = [got.body.popupShot, ...got.body.negativeTests.map((t: { shot: string }) => t.shot)]
    expect(shotIds).toHaveLength(3)
    for (let i = 0; i < shotIds.length; i++) {
      const bytes = await fetchBytes(`${restored.base}/api/v1/files/${shotIds[i]}`, filed.token)
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(filed.shots[i]).digest('hex'))
    }

    const demo = await api.reviewerLogin('demo', filed.demoPassword)
    const held = await api.call('POST', `/review/appeals/${filed.id}/claim`, { token: demo.token })
    expect(held.status).toBe(200)
    expect(held.body.applicant).toMatchObject({ name: '张三', idNumber: VALID_ID, phone: '13800138000' })

    const verify = await fetch(restored.base + filed.receipt)
    expect(verify.status).toBe(200)
    expect(verify.headers.get('x-receipt-valid')).toBe('1')
    expect(await verify.text()).toContain('凭证有效')
    const tChecks = Date.now()
    console.log(
      `restore round trip: backup (sealed, CLI process) ${backupMs} ms, restore ${tRestore - t0} ms, ` +
        `server start ${tStart - tRestore} ms, checks ${tChecks - tStart} ms; backup → checks ${backupMs + tChecks - t0} ms`
    )
    await stop(restored)
    running.length = 0
  })

  it('a --without-keys backup restored without its keys refuses naming the key ids; with the kept keys it restores', async () => {
    const target = path.join(work, 'apart')
    const bare = await cli(['restore', openArchive], { DATA_DIR: target })
    expect(bare.code).toBe(1)
    expect(bare.err).toContain(`data key id(s) ${kid}`)
    expect(bare.err).toContain(`receipt key with fingerprint ${receiptFp}`)
    expect(bare.err).toContain('Nothing was written')
    expect(isEmptyOrAbsent(target)).toBe(true)

    // another deployment's key in the environment is not the one: refused, named
    const other = Buffer.alloc(32, 9).toString('base64')
    const wrongKey = await cli(['restore', openArchive], { DATA_DIR: target, DATA_KEY: other, RECEIPT_KEY: 'x'.repeat(40) })
    expect(wrongKey.code).toBe(1)
    expect(wrongKey.err).toContain(`data key id(s) ${kid}`)
    expect(wrongKey.err).toContain('(the one here is ')
    expect(isEmptyOrAbsent(target)).toBe(true)

    // the operator puts the kept key files into the empty DATA_DIR: accepted, fingerprints match
    fs.mkdirSync(target, { recursive: true })
    fs.copyFileSync(path.join(src, 'data.key'), path.join(target, 'data.key'))
    fs.copyFileSync(path.join(src, 'receipt.key'), path.join(target, 'receipt.key'))
    const ok = await cli(['restore', openArchive], { DATA_DIR: target })
    expect(ok.err).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.out).toContain(`data key id(s) ${kid} from the keys kept apart`)
    expect(fs.existsSync(path.join(target, 'appeals.sqlite'))).toBe(true)
  })
})
