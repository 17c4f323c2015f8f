import { startServer, client, addReviewer } from '../api/helpers'
it('x', async () => {
  const s = await startServer()
  const api = client(s.base)
  const acc = await addReviewer(s, 'x-rev')
  await api.reviewerLogin(acc.username, acc.password)
  const db = s.app.db.kysely as any
  console.log(JSON.stringify(await db.selectFrom('audit_log').selectAll().execute()))
  try { const r = await db.updateTable('audit_log').set({ action: 'x' }).execute(); console.log('ok', r) } catch (e) { console.log('err', String(e)) }
  await s.close()
})
