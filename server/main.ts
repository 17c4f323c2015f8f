// The only file that listens. Runs migrations (via buildApp), creates the demo reviewer on first start, prints the URLs.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { buildApp } from './app'
import { loadConfig } from './config'
import { countReviewers, createReviewer } from './auth/reviewers'

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp(config)

  let demoPassword: string | null = null
  if ((await countReviewers(app.db.kysely)) === 0) {
    demoPassword = randomBytes(9).toString('base64url')
    await createReviewer(app.db.kysely, { username: 'demo', password: demoPassword, supervisor: true })
  }

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

  const stop = async (): Promise<void> => {
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败 / failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
