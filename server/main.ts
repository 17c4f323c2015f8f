// The only file that listens. Runs migrations (via buildApp), creates the demo reviewer on first start, prints the URLs.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { buildApp } from './app'
import { gracefulShutdown } from './ops/shutdown'
import { loadConfig } from './config'
import { countReviewers, createReviewer } from './auth/reviewers'
import { startBackgroundJobs } from './jobs/sweeps'
import { createDb } from './db/dialect'
import { checkKeysAtStartup } from './crypto/key-check'

async function main(): Promise<void> {
  const config = loadConfig()
  // before anything can create a key: never a new data key over existing ciphertext, never a new receipt key
  // once appeals exist (server/crypto/key-check.ts); exits 1 naming the missing key ids
  const checkDb = createDb(config)
  try {
    const checked = await checkKeysAtStartup(checkDb, config)
    if (checked.receiptKeyGenerated) process.stdout.write(`已生成回执密钥 / generated the receipt key: ${checked.receiptKeyGenerated} (back it up: npm run backup)\n`)
  } finally {
    await checkDb.kysely.destroy()
  }
  const app = await buildApp(config)

  let demoPassword: string | null = null
  if ((await countReviewers(app.db.kysely)) === 0) {
    demoPassword = randomBytes(9).toString('base64url')
    try {
      await createReviewer(app.db.kysely, { username: 'demo', password: demoPassword, supervisor: true })
    } catch (err) {
      // two instances booting together on an empty database both saw no reviewer: the other one created
      // "demo" first (its check or the unique username refused ours). Not an error; only the instance that
      // created it prints the login.
      if ((await countReviewers(app.db.kysely)) === 0) throw err
      demoPassword = null
    }
  }

  // sweeps (leases, needs-info timeout, re-tiering, orphan uploads) and the WeChat dispatcher
  startBackgroundJobs(app)
  await app.listen({ port: config.port, host: config.host })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const base = `http://${config.host}:${port}`
  const lines = [`弹窗纠错 API 已启动 / API listening: ${base}/api/v1`]
  if (fs.existsSync(config.h5Dir)) lines.push(`市民端 / citizen app: ${base}/`)
  else lines.push(`市民端 / citizen app: ${base}/ (H5 未构建 / not built: run npm run build:h5)`)
  if (demoPassword) {
    lines.push(
      `演示审核员 / demo reviewer: username demo password ${demoPassword} — open ${base}/#/reviewer/pages/login/index`,
      '（密码只显示这一次 / shown only once）'
    )
  }
  process.stdout.write(lines.join('\n') + '\n')

  // Graceful shutdown: stop accepting, let in-flight requests finish, stop app.background tasks (timers,
  // dispatcher: register them with app.background.every/add, see server/ops/background.ts), close the
  // database, exit 0. Past SHUTDOWN_GRACE_MS, or on a second signal, exit 1 at once.
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`)
      process.exit(1)
    }
    stopping = true
    app.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down')
    const force = setTimeout(() => {
      process.stderr.write(`shutdown took longer than SHUTDOWN_GRACE_MS=${config.shutdownGraceMs}; exiting\n`)
      process.exit(1)
    }, config.shutdownGraceMs)
    force.unref()
    gracefulShutdown(app, { drainMs: config.shutdownGraceMs / 2 }).then(
      () => {
        app.log.info('stopped')
        process.exit(0)
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败 / failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
