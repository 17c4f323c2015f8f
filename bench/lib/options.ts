// Command line of `npm run bench` and the sizes every phase uses. Read once, at import.
//   npm run bench [-- --quick] [-- --tiers 10k,100k,1m] [-- --build] [-- --no-pg] [-- --no-overload]
//                 [-- --no-reading | --reading-only] [-- --only status,claims,create,uploads]
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../..')
const argv = process.argv.slice(2)
export const QUICK = argv.includes('--quick')
export const BUILD = argv.includes('--build')
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(name + '='))?.split('=')[1]
}

export function parseN(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim())
  if (!m) throw new Error(`bad tier "${s}" (e.g. 10k, 1m)`)
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1))
}
export const tierName = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n))

export const TIERS = (flag('--tiers') ?? (QUICK ? '6k' : '10k,100k,1m')).split(',').map(parseN).sort((a, b) => a - b)
/** seconds per load phase */
export const DUR = QUICK ? 2 : 10
/** seconds per offered claim rate (the smoke only proves the scheduler runs) */
export const OPEN_LOOP_SECONDS = QUICK ? 0.5 : DUR
/** how long arrivals still in flight after the last scheduled one are waited for (then counted unfinished) */
export const OPEN_LOOP_DRAIN_MS = QUICK ? 8_000 : 60_000
export const CONN = { status: 50, create: 20, upload: 4, overload: QUICK ? 600 : 3000 }
/** Closed-loop claimers (saturation) and the open-loop reviewer pool: multiples of the 16 districts, so every
 *  district's share of the backlog drains at the same pace. */
export const REVIEWERS = { closed: 48, open: 32 }
/** Offered claim rates (claims/s) and the most arrivals one rate gets (bounds the backlog each tier spends). */
// the smoke proves the scheduler with the target rate only
export const CLAIM_RATES = QUICK ? [200] : [50, 100, 200]
export const OPEN_LOOP_MAX_ARRIVALS = QUICK ? 300 : 1000
export const CLOSED_LOOP_MAX_CLAIMS = QUICK ? 600 : 1500
export const CREATES = QUICK ? 60 : 1500
export const POLLERS = 200
export const WITH_PG = !argv.includes('--no-pg')
export const WITH_OVERLOAD = !argv.includes('--no-overload')
/** screenshot reading (issue 13): on by default; --reading-only runs just those measures */
export const READING_ONLY = argv.includes('--reading-only')
export const WITH_READING = !argv.includes('--no-reading')
// Only a full run (default tiers, PostgreSQL and overload included) replaces the tracked bench/results.md and
// the README table; a smoke or partial run writes under test-artifacts/bench, so `.ci/run` leaves git clean.
/** --only: run just these measures on each store and tier (for iterating on one hot path; a partial run) */
export const ONLY = flag('--only')?.split(',').map((s) => s.trim()).filter(Boolean) ?? null
export const wanted = (measure: 'status' | 'claims' | 'create' | 'uploads' | 'overload'): boolean => ONLY === null || ONLY.includes(measure)
export const FULL = ONLY === null && !QUICK && flag('--tiers') === undefined && WITH_PG && WITH_OVERLOAD && WITH_READING && !READING_ONLY
export const OUT_DIR = FULL ? path.join(ROOT, 'bench') : path.join(ROOT, 'test-artifacts/bench')
export const DEADLINE_MS = QUICK ? 170_000 : 90 * 60_000
export const PG_ADMIN = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://appeal:appeal@127.0.0.1:5432/postgres'
export const SAMPLES = path.join(ROOT, 'tests/fixtures')
export const TSX = path.join(ROOT, 'node_modules/.bin/tsx')
export const API = '/api/v1'
