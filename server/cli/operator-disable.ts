// npm run operator:disable -- --name NAME   — the operator's API key stops working at once.
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import { disableOperator } from '../corrections/operators'

export async function operatorDisable(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string' } }, strict: true })
  if (!values.name) throw new Error('用法 / usage: npm run operator:disable -- --name NAME')
  const config = loadConfig(env)
  const db = createDb(config)
  try {
    await migrate(db)
    const r = await disableOperator(db.kysely, values.name)
    if (!r) throw new Error(`没有这个运营方 / no such operator: ${values.name}`)
    return `已停用 / disabled: ${r.name}`
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  operatorDisable(process.argv.slice(2))
    .then((msg) => process.stdout.write(msg + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`停用失败 / failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
