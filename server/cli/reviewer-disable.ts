// npm run reviewer:disable -- --username U   — the account can no longer log in; its sessions end at once.
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import { disableReviewer } from '../auth/reviewers'
import { recordAudit } from '../audit/service'

export async function reviewerDisable(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { username: { type: 'string' } }, strict: true })
  if (!values.username) throw new Error('用法 / usage: npm run reviewer:disable -- --username U')
  const config = loadConfig(env)
  const db = createDb(config)
  try {
    await migrate(db)
    const r = await disableReviewer(db.kysely, values.username)
    if (!r) throw new Error(`没有这个审核员 / no such reviewer: ${values.username}`)
    await recordAudit(db.kysely, { kind: 'system', id: null }, 'reviewer_disabled', null, r.id)
    return `已停用 / disabled: ${values.username} (${r.sessionsEnded} 个会话已结束 / sessions ended)`
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  reviewerDisable(process.argv.slice(2))
    .then((msg) => process.stdout.write(msg + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`停用失败 / failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
