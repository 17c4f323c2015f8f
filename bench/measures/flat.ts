// Cost flat from the smallest to the largest database: for each measure and store, every tier's ratio to the
// hello world divided by the smallest tier's. Flat when all of them are within ±30%.
import { TIERS, tierName } from '../lib/options'
import { addRow, f2, pct, results } from '../lib/results'

const KINDS: { key: string; label: string }[] = [
  { key: 'status', label: 'status poll, full' },
  { key: 'status304', label: 'status poll, conditional' },
  { key: 'create', label: 'durable create' },
  { key: 'claim', label: 'claim + decide saturation' }
]

export function flatness(store: string): void {
  for (const { key, label } of KINDS) {
    const present = TIERS.map((t) => ({ tier: tierName(t), r: results[`${key}:${store}:${tierName(t)}`] as { ratio?: number } | undefined })).filter(
      (x): x is { tier: string; r: { ratio: number } } => typeof x.r?.ratio === 'number' && Number.isFinite(x.r.ratio)
    )
    if (present.length < 2) continue
    const first = present[0].r.ratio
    const rel = present.map((x) => x.r.ratio / first)
    const worst = Math.max(...rel.map((x) => Math.abs(x - 1)))
    const tiers = present.map((x) => x.tier).join(' / ')
    results[`flat:${key}:${store}`] = { tiers: present.map((x) => x.tier), ratios: present.map((x) => x.r.ratio), relativeToFirst: rel, worst }
    addRow({
      section: 'flat',
      measure: `${label} across ${tiers} (ratio to baseline; each tier ÷ ${present[0].tier})`,
      store,
      tier: tiers,
      ours: present.map((x) => pct(x.r.ratio)).join(' / '),
      ratio: rel.map((x) => `×${f2(x)}`).join(' / '),
      target: 'every tier within ±30% of the smallest',
      met: worst <= 0.3
    })
  }
}
