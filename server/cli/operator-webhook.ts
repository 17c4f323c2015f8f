// npm run operator:webhook -- --name NAME (--url https://… | --off) [--rotate-secret]
//                             --name NAME --rotate-secret
// Push mode (server/corrections/push.ts): sets or removes an operator's webhook URL; --rotate-secret makes a
// new signing secret (webhook signatures and batch manifests), printed once on a line `secret: <SECRET>`.
// The URL must be https:// (identities travel in the body); http:// only to this machine (a local relay).
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { createDb } from '../db/dialect'
import { migrate } from '../db/migrate'
import { loadKeyring } from '../crypto/keyring'
import { configureOperatorSigning } from '../corrections/push'

const USAGE = '用法 / usage: npm run operator:webhook -- --name NAME (--url https://… | --off) [--rotate-secret]'

export async function operatorWebhook(argv: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, url: { type: 'string' }, off: { type: 'boolean', default: false }, 'rotate-secret': { type: 'boolean', default: false } },
    strict: true
  })
  if (!values.name || (values.url && values.off) || (!values.url && !values.off && !values['rotate-secret'])) throw new Error(USAGE)
  const config = loadConfig(env)
  // the secret is sealed with the data keys the server uses
  loadKeyring(config)
  const db = createDb(config)
  try {
    await migrate(db)
    const r = await configureOperatorSigning(db.kysely, values.name, {
      webhookUrl: values.off ? null : values.url,
      rotateSecret: values['rotate-secret']
    })
    const lines = [
      r.webhookUrl ? `推送地址 / webhook: ${r.webhookUrl}` : '推送已关闭，运营方可拉取或使用离线批量 / push off: the operator pulls, or takes batch files'
    ]
    if (r.secret) lines.push('新的签名密钥只显示这一次，旧密钥立即失效 / new signing secret, shown only once (the old one stops now):', `secret: ${r.secret}`)
    return lines.join('\n')
  } finally {
    await db.kysely.destroy()
  }
}

if (require.main === module) {
  operatorWebhook(process.argv.slice(2))
    .then((msg) => process.stdout.write(msg + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`失败 / failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
