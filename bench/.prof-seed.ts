import fs from 'node:fs'
import path from 'node:path'
import { createDb } from '../server/db/dialect'
import { migrate } from '../server/db/migrate'
import { seedAppeals, seedReviewers, sqliteSink } from './seed'
async function main() {
  const dataDir = process.argv[2]
  fs.rmSync(dataDir, { recursive: true, force: true })
  const db = createDb({ dataDir, databaseUrl: null })
  await migrate(db)
  await db.kysely.destroy()
  const sink = sqliteSink(path.join(dataDir, 'appeals.sqlite'))
  const reviewers = await seedReviewers(sink, 50, 'bench-r')
  const s = await seedAppeals(sink, 12000, { pollCount: 200 })
  await sink.close()
  fs.writeFileSync(path.join(dataDir, 'principals.json'), JSON.stringify({ reviewers, pollers: s.pollers }))
}
main()
