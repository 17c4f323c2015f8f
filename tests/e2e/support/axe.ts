// axe-core in a playwright page, for the accessibility suites (citizen and reviewer). The script is read
// from node_modules and evaluated in the page, so no network and no CSP exception is needed.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'

const AXE_SOURCE = resolve(__dirname, '../../../node_modules/axe-core/axe.min.js')
let source: string | undefined

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what issue 14 holds the pages to. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical'

export interface AxeViolation {
  id: string
  impact: Impact | null
  help: string
  /** CSS selectors of the failing nodes (the first few), to find them without a screenshot */
  targets: string[]
  nodes: number
}

export interface AxeReport {
  violations: AxeViolation[]
  /** violating rules per impact */
  counts: Record<Impact, number>
  /** serious + critical: the ones issue 14 requires to be 0 */
  blocking: AxeViolation[]
}

export interface AxeOptions {
  /** CSS selector to check instead of the whole document */
  include?: string
  /** CSS selectors left out (e.g. a third-party widget the page does not own) */
  exclude?: string[]
  /** extra rule ids to switch off, each with a reason in the caller */
  disableRules?: string[]
}

/** Runs axe on the page as it is now and sorts what it finds by impact. */
export async function runAxe(page: Page, options: AxeOptions = {}): Promise<AxeReport> {
  source ??= readFileSync(AXE_SOURCE, 'utf8')
  const present = await page.evaluate<boolean>('typeof window.axe === "object"')
  // evaluated through the devtools protocol, not as a <script> tag: the app's CSP allows no inline script
  if (!present) await page.evaluate(source)
  // a string, not a function: babel would turn an async arrow into helpers the page does not have
  const args = JSON.stringify({ tags: WCAG_TAGS, include: options.include ?? '', exclude: options.exclude ?? [], disable: options.disableRules ?? [] })
  const raw = await page.evaluate<AxeViolation[]>(`(async () => {
    const { tags, include, exclude, disable } = ${args}
    const context = include || exclude.length ? { include: include ? [include] : [document], exclude: exclude.map((s) => [s]) } : document
    const rules = {}
    for (const id of disable) rules[id] = { enabled: false }
    const result = await window.axe.run(context, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact || null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      nodes: v.nodes.length
    }))
  })()`)
  const counts: Record<Impact, number> = { minor: 0, moderate: 0, serious: 0, critical: 0 }
  for (const v of raw) if (v.impact) counts[v.impact] += 1
  return { violations: raw, counts, blocking: raw.filter((v) => v.impact === 'serious' || v.impact === 'critical') }
}

/** One line for a log: "page: critical 0, serious 0, moderate 1, minor 0 (rule×nodes …)". */
export function describeAxe(name: string, report: AxeReport): string {
  const c = report.counts
  const rules = report.violations.map((v) => `${v.id}[${v.impact}]×${v.nodes}`).join(', ')
  return `${name}: critical ${c.critical}, serious ${c.serious}, moderate ${c.moderate}, minor ${c.minor}${rules ? ` (${rules})` : ''}`
}

/** A readable failure message listing each blocking rule and where it fails. */
export function blockingMessage(name: string, report: AxeReport): string {
  return report.blocking.map((v) => `${name}: ${v.id} [${v.impact}] ${v.help} — ${v.targets.join(' | ')}`).join('\n')
}
