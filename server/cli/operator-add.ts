// npm run operator:add -- --name NAME [--webhook-url URL]
// Prints the API key once, on a line `key: <KEY>` (stored only as its SHA-256), and the signing secret of
// push deliveries and batch manifests on a line `secret: <SECRET>`.
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import { loadKeyring } from '../crypto/keyring'
import { createOperator } from '../corrections/operators'
import { checkWebhookUrl } from '../corrections/push'

export async function operatorAdd(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, 'webhook-url': { type: 'string' } }, strict: true })
  if (!values.name) throw new Error('用法 / usage: npm run operator:add -- --name NAME [--webhook-url https://…]')
  const webhookUrl = values['webhook-url'] ?? null
  // https only (identities travel in the body); http:// only to this machine — the same rule as operator:webhook
  if (webhookUrl !== null) checkWebhookUrl(webhookUrl)
  const config = loadConfig(env)
  // the signing secret is sealed with the data keys, the same ones the server uses
  loadKeyring(config)
  const db = createDb(config)
  try {
    await migrate(db)
    const op = await createOperator(db.kysely, { name: values.name, webhookUrl })
    return [
      `已创建运营方 / operator created: ${op.name}`,
      '以下密钥只显示这一次，请妥善保存 / shown only once, keep it safe:',
      `key: ${op.key}`,
      `secret: ${op.signingSecret}`
    ].join('\n')
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  operatorAdd(process.argv.slice(2))
    .then((msg) => process.stdout.write(msg + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`创建失败 / failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
