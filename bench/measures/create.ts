// A durable create: POST /appeals with its screenshots already uploaded (uploaded through the API before the
// timed phase), answered only after the commit is on disk (SQLite synchronous=FULL / PostgreSQL fsync).
import { baseline, load } from '../lib/load'
import { hoursAgo, multipart, pool, setupReq, tinyPng, VALID_ID } from '../lib/http'
import { API, CONN, CREATES } from '../lib/options'
import type { Server } from '../lib/procs'
import { addRow, f0, f1, log, pct, results } from '../lib/results'
import { withUsage } from '../lib/usage'

interface Prepared {
  token: string
  body: string
}

/** CREATES + 1 ready bodies (the last one is the probe), each with its own two fresh uploads. */
async function prepare(base: string, store: string): Promise<Prepared[]> {
  const citizens: string[] = []
  for (let i = 0; i < CONN.create; i++) {
    const r = await setupReq(base, 'POST', `${API}/session/device`)
    if (r.status !== 200) throw new Error(`device session: ${r.status}`)
    citizens.push(r.body.token)
  }
  const seed0 = Math.floor(Math.random() * 1e9)
  const bodies: Prepared[] = new Array(CREATES + 1)
  const t0 = Date.now()
  await pool(Array.from({ length: CREATES + 1 }, (_, i) => i), 8, async (i) => {
    const token = citizens[i % citizens.length]
    const ids: string[] = []
    for (const k of [0, 1]) {
      const m = multipart(await tinyPng(seed0 + i * 2 + k), 'shot.png', 'image/png')
      const u = await setupReq(base, 'POST', `${API}/uploads`, { token, raw: m.body, headers: { 'content-type': m.contentType } })
      if (u.status !== 201) throw new Error(`pre-upload: ${u.status} ${JSON.stringify(u.body).slice(0, 200)}`)
      ids.push(u.body.id)
    }
    bodies[i] = {
      token,
      body: JSON.stringify({
        category: 'medicine',
        popupShot: ids[0],
        negativeTests: [{ shot: ids[1], sampledAt: hoursAgo(3) }],
        district: '朝阳区',
        applicant: { name: '张三', idNumber: VALID_ID, phone: '13800138000' },
        statement: '只买过哮喘药，核酸阴性后仍弹窗'
      })
    }
  })
  log(`  create ${store}: ${(CREATES + 1) * 2} uploads pre-uploaded in ${f1((Date.now() - t0) / 1000)} s`)
  return bodies
}

export async function measureCreate(servers: Server[], base: string, store: string, tier: string): Promise<void> {
  const bodies = await prepare(base, store)
  const last = bodies.pop()!
  const probe = await setupReq(base, 'POST', `${API}/appeals`, { token: last.token, raw: Buffer.from(last.body), headers: { 'content-type': 'application/json' } })
  if (probe.status !== 201) throw new Error(`create probe: ${probe.status} ${JSON.stringify(probe.body).slice(0, 300)}`)
  const b = await baseline(CONN.create, 'POST', bodies[0].body)
  let i = 0
  const { value: r, peakRssMb } = await withUsage(servers, () =>
    load({
      url: base,
      connections: CONN.create,
      amount: CREATES, // each body once: a second create with the same uploads is refused
      requests: [
        {
          method: 'POST',
          setupRequest: (rq: Record<string, unknown>) => {
            const x = bodies[i++ % bodies.length]
            return { ...rq, path: `${API}/appeals`, body: x.body, headers: { authorization: `Bearer ${x.token}`, 'content-type': 'application/json' } }
          }
        }
      ]
    })
  )
  const ratio = r.rps / b.rps
  const sync = store === 'sqlite' ? 'synchronous=FULL' : 'PostgreSQL fsync on commit'
  results[`create:${store}:${tier}`] = { ours: r, baseline: b, ratio, peakRssMb, durability: sync }
  addRow({ section: 'create', measure: `create appeal, uploads ready, durable (${sync}; ${CONN.create} conn)`, store, tier, ours: `${f0(r.rps)} req/s`, baseline: `${f0(b.rps)} req/s`, ratio: pct(ratio), p99: `${f0(r.p99)} ms`, peakRssMb: f0(peakRssMb), target: '≥ 25% of baseline, p99 < 50 ms', met: ratio >= 0.25 && r.p99 < 50 && r.non2xx === 0 && r.errors === 0 })
  log(`  create ${store} ${tier}: ${r.ok}/${r.total} created, ${f0(r.rps)} req/s vs ${f0(b.rps)} (${pct(ratio)}), p50 ${r.p50} p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}`)
}
