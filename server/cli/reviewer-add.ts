// npm run reviewer:add -- --username U --password P [--district 朝阳区]... [--supervisor]
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import { createReviewer } from '../auth/reviewers'
import { AppError } from '../errors'

export async function reviewerAdd(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      district: { type: 'string', multiple: true },
      supervisor: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (!values.username || !values.password) {
    throw new Error('用法 / usage: npm run reviewer:add -- --username U --password P [--district 朝阳区]... [--supervisor]')
  }
  const config = loadConfig(env)
  const db = createDb(config)
  try {
    await migrate(db)
    const r = await createReviewer(db.kysely, {
      username: values.username,
      password: values.password,
      districts: values.district ?? [],
      supervisor: values.supervisor
    })
    const scope = r.supervisor ? '全部区（主管）/ all districts (supervisor)' : r.districts.join('、') || '（未分配区 / no district）'
    return `已创建审核员 / reviewer created: ${r.username} — ${scope}`
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  reviewerAdd(process.argv.slice(2))
    .then((msg) => {
      process.stdout.write(msg + '\n')
    })
    .catch((err: unknown) => {
      const msg = err instanceof AppError || err instanceof Error ? err.message : String(err)
      process.stderr.write(`创建失败 / failed: ${msg}\n`)
      process.exit(1)
    })
}
