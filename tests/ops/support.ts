// Shared bits of the ops tests, as profiles of tests/support/testApp.ts: a server built in-process on SQLite
// (optionally with its log captured), and a real `server/main.ts` process on a DATA_DIR the test chose.
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { ROOT, startTestApp, type ChildApp, type InProcessApp } from '../support/testApp'

export { ROOT }
export { freePort } from '../support/store'

export async function tempDir(prefix = 'appeal-ops-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix))
}

export type OpsServer = InProcessApp

/** `env.DATA_DIR`, when given, is the test's and stays; otherwise a temp one is made and removed. */
export function startInProcess(env: Record<string, string> = {}, opts: { captureLog?: boolean } = {}): Promise<OpsServer> {
  return startTestApp({ store: 'sqlite', tmpPrefix: 'appeal-ops-', dataDir: env.DATA_DIR, logLevel: opts.captureLog ? 'info' : 'silent', captureLog: opts.captureLog, env })
}

export type Spawned = ChildApp & { child: ChildProcess }

/** Spawns the real server on `env` (DATA_DIR included) and, unless told not to, waits until it listens. */
export async function spawnServer(env: Record<string, string>, opts: { waitListening?: boolean } = {}): Promise<Spawned> {
  const s = await startTestApp({ mode: 'child', logLevel: 'warn', waitFor: opts.waitListening === false ? 'none' : 'listening', env })
  return { ...s, child: s.proc }
}
