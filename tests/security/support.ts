// The security suites' server: tests/support/testApp.ts with the JSON log captured at debug (every request is
// logged at debug, server/ops/logging.ts registerRequestLog), for the scans of the log for personal data.
import { startTestApp } from '../support/testApp'
import { TEST_DATA_KEY } from '../support/env'
import type { TestServer } from '../api/helpers'

export function startLoggedServer(env: Record<string, string> = {}): Promise<TestServer & { log: () => string }> {
  return startTestApp({ tmpPrefix: 'appeal-sec-', logLevel: 'debug', captureLog: true, env: { DATA_KEY: TEST_DATA_KEY, ...env } }).then((s) => ({ ...s, log: s.logText }))
}

/** A fresh appeal, claimed and approved by a reviewer: closed. */
export async function closedAppeal(
  api: { call: (m: string, u: string, o?: any) => Promise<{ status: number; body: any }> },
  reviewerToken: string,
  filed: { token: string; id: string }
): Promise<void> {
  const c = await api.call('POST', `/review/appeals/${filed.id}/claim`, { token: reviewerToken })
  if (c.status !== 200) throw new Error(`claim ${c.status} ${JSON.stringify(c.body)}`)
  const d = await api.call('POST', `/review/appeals/${filed.id}/decision`, { token: reviewerToken, body: { outcome: 'approved' } })
  if (d.status !== 200) throw new Error(`decide ${d.status} ${JSON.stringify(d.body)}`)
}
