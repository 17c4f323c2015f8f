import fs from 'node:fs'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon')
async function main() {
  const [base, dir, secs] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 8)]
  const { pollers } = JSON.parse(fs.readFileSync(dir + '/principals.json', 'utf8'))
  let i = 0
  const r = await autocannon({ url: base, connections: 50, duration: secs, requests: [{ method: 'GET', setupRequest: (rq: any) => { const p = pollers[i++ % pollers.length]; return { ...rq, path: `/api/v1/appeals/${p.appealId}`, headers: { authorization: `Bearer ${p.token}` } } } }] })
  console.log(`rps ${r.requests.average} p99 ${r.latency.p99} non2xx ${r.non2xx} errors ${r.errors}`)
}
main()
