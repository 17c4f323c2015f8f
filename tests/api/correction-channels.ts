// Shared by the push, batch and dashboard suites (issue 12): approved appeals and operators set up the way the
// app and the CLIs do it, and a small wait-for-condition helper (no fixed sleeps).
import { createOperator } from '../../server/corrections/operators'
import { configureOperatorSigning } from '../../server/corrections/push'
import { client, fileQuickAppeal, type TestServer } from './helpers'

type Api = ReturnType<typeof client>

export interface TestOperator {
  id: string
  name: string
  key: string
  secret: string | null
}

/**
 * An operator as `operator:add` makes it (createOperator: key shown once, signing secret sealed); a webhook
 * is set through operator:webhook's function, which checks the URL. `secret: false` leaves it without a
 * signing secret, as an operator created before push existed would be.
 */
export async function addOperator(server: TestServer, name: string, opts: { webhookUrl?: string; secret?: boolean } = {}): Promise<TestOperator> {
  const op = await createOperator(server.app.db.kysely, { name })
  let secret: string | null = op.signingSecret
  if (opts.webhookUrl) await configureOperatorSigning(server.app.db.kysely, name, { webhookUrl: opts.webhookUrl })
  if (opts.secret === false) {
    await server.app.db.kysely.updateTable('operators').set({ signing_secret: null }).where('id', '=', op.id).execute()
    secret = null
  }
  return { id: op.id, name: op.name, key: op.key, secret }
}

/** Files an appeal for a fresh citizen and approves it as `reviewer`; returns the appeal, its citizen and its correction. */
export async function approvedAppeal(
  server: TestServer,
  api: Api,
  reviewerToken: string,
  seed: number,
  district = '朝阳区'
): Promise<{ appealId: string; citizen: string; correctionId: string }> {
  const { token, id } = await fileQuickAppeal(api, seed * 10, { district })
  const c = await api.call('POST', `/review/appeals/${id}/claim`, { token: reviewerToken })
  expect(c.status).toBe(200)
  const d = await api.call('POST', `/review/appeals/${id}/decision`, { token: reviewerToken, body: { outcome: 'approved' } })
  expect(d.status).toBe(200)
  const row = await server.app.db.kysely.selectFrom('corrections').select('id').where('appeal_id', '=', id).orderBy('attempt', 'desc').executeTakeFirstOrThrow()
  return { appealId: id, citizen: token, correctionId: row.id }
}

export async function correctionRow(server: TestServer, id: string) {
  return server.app.db.kysely.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** One value of a Prometheus text exposition (first sample whose name and labels match). */
export function metricValue(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}
