// SIGTERM in the middle of a burst of submissions: every request the server accepted gets its answer, the
// process exits 0, and after a restart on the same DATA_DIR every acknowledged appeal is there, whole.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { rm } from 'node:fs/promises'
import { spawnServer, tempDir } from './support'
import { rawRequest, multipartFile, type Outcome } from './http-raw'
import { appealBody, tinyPng } from '../api/helpers'

jest.setTimeout(120_000)

interface Acked {
  token: string
  id: string
  popup: string
  neg: string
}

describe('graceful shutdown', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('appeal-shutdown-')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('answers every accepted request, exits 0, and keeps every acknowledged appeal whole', async () => {
    const env = { DATA_DIR: dir, H5_DIR: path.join(dir, 'no-h5') }
    const server = await spawnServer(env)
    const pngs = await Promise.all(Array.from({ length: 16 }, (_, i) => tinyPng(i * 7)))

    const counts = { sent: 0, answered: 0, refused: 0, lost: 0, inFlightAtSigterm: 0 }
    const lostErrors: string[] = []
    let inFlight = 0
    const acked: Acked[] = []
    let sigtermSent = false
    let ackedAfterSigterm = 0
    let stopAll = false
    const SIGTERM_AFTER = 12

    const send = async (method: string, url: string, opts: Parameters<typeof rawRequest>[3]): Promise<Outcome> => {
      counts.sent++
      inFlight++
      const out = await rawRequest(server.base, method, url, opts)
      inFlight--
      if (out.kind === 'answered') counts.answered++
      else if (out.kind === 'refused') counts.refused++
      else {
        counts.lost++
        lostErrors.push(out.error)
      }
      return out
    }

    // one citizen's whole submission, as the app does it: session, two screenshots, the appeal
    const citizen = async (seed: number): Promise<boolean> => {
      const s = await send('POST', '/api/v1/session/device', {})
      if (s.kind !== 'answered' || s.status !== 200) return false
      const token = s.body.token as string
      const shots: string[] = []
      for (const k of [0, 1]) {
        const f = multipartFile(pngs[(seed + k) % pngs.length])
        const u = await send('POST', '/api/v1/uploads', { token, body: f.body, contentType: f.contentType })
        if (u.kind !== 'answered' || u.status !== 201) return false
        shots.push(u.body.id)
      }
      const a = await send('POST', '/api/v1/appeals', { token, json: appealBody({ popup: shots[0], tests: [shots[1]] }) })
      if (a.kind !== 'answered' || a.status !== 201) return false
      acked.push({ token, id: a.body.id, popup: shots[0], neg: shots[1] })
      if (sigtermSent) ackedAfterSigterm++
      if (!sigtermSent && acked.length >= SIGTERM_AFTER) {
        sigtermSent = true
        counts.inFlightAtSigterm = inFlight
        server.child.kill('SIGTERM')
      }
      return true
    }

    // 10 concurrent submitters; each keeps filing until the server stops answering
    let seed = 0
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (!stopAll) {
          const ok = await citizen(seed++)
          if (!ok && sigtermSent) break
          if (seed > 400) stopAll = true
        }
      })
    )
    const code = await server.exited
    console.log(
      `SIGTERM test: requests sent ${counts.sent}, in flight at SIGTERM ${counts.inFlightAtSigterm}, answered ${counts.answered}, ` +
        `refused at connect ${counts.refused}, lost ${counts.lost}; appeals acknowledged (201) ${acked.length}, of them finished after SIGTERM ${ackedAfterSigterm}`
    )
    expect(sigtermSent).toBe(true)
    expect(lostErrors).toEqual([])
    expect(counts.lost).toBe(0)
    expect(counts.answered + counts.refused).toBe(counts.sent)
    expect(code).toBe(0)

    // the database on disk: intact, and holding exactly the acknowledged appeals, each with its evidence
    const db = new SQLite(path.join(dir, 'appeals.sqlite'), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const ids = (db.prepare('SELECT id FROM appeals').all() as { id: string }[]).map((r) => r.id).sort()
      expect(ids).toEqual(acked.map((a) => a.id).sort())
      const bare = db.prepare('SELECT count(*) AS n FROM appeals a WHERE NOT EXISTS (SELECT 1 FROM appeal_tests t WHERE t.appeal_id = a.id)').get() as { n: number }
      expect(bare.n).toBe(0)
    } finally {
      db.close()
    }

    // restart on the same DATA_DIR: every acknowledged appeal is there with its screenshots
    const again = await spawnServer(env)
    try {
      for (const a of acked) {
        const r = await rawRequest(again.base, 'GET', `/api/v1/appeals/${a.id}`, { token: a.token })
        expect(r).toMatchObject({ kind: 'answered', status: 200 })
        if (r.kind === 'answered') {
          expect(r.body.popupShot).toBe(a.popup)
          expect(r.body.negativeTests.map((t: { shot: string }) => t.shot)).toEqual([a.neg])
        }
        for (const shot of [a.popup, a.neg]) {
          const f = await rawRequest(again.base, 'GET', `/api/v1/files/${shot}`, { token: a.token })
          expect(f).toMatchObject({ kind: 'answered', status: 200 })
          expect(fs.existsSync(path.join(dir, 'files', shot))).toBe(true)
        }
      }
    } finally {
      again.child.kill('SIGTERM')
      expect(await again.exited).toBe(0)
    }
  })
})
