// The plain warnings before submit (a non-阴性 result, a name or ID tail that is not the applicant's, a test
// sampled before the popup), from the domain's readingWarnings, split by the step where each can be fixed:
// the screenshots step says what the screenshots say alone; the applicant step adds what depends on the
// typed name and ID number; the review step says all of them again.
import type { Reading } from '../../../types/reading'
import { readingWarnings } from '../../domain/reading'
import type { DraftFields } from '../../stores/draft'

export type WarningsWhere = 'shots' | 'applicant' | 'check'

type Role = 'popup' | 'negative_test'

function inputOf(d: Pick<DraftFields, 'popupShot' | 'negatives'>, readings: Record<string, Reading>) {
  const list: Array<{ role: Role; reading: Reading }> = []
  const popup = d.popupShot ? readings[d.popupShot] : undefined
  if (popup) list.push({ role: 'popup', reading: popup })
  // numbered as the review step numbers them: the tests that have a screenshot, in order
  for (const n of d.negatives) {
    if (!n.shot) continue
    const r = readings[n.shot]
    list.push({ role: 'negative_test', reading: r ?? { status: 'pending', kind: 'unknown', fields: {} } })
  }
  return { readings: list, popupShownAt: popup?.fields.shownAt }
}

export function formWarnings(
  d: Pick<DraftFields, 'popupShot' | 'negatives' | 'name' | 'idNumber'>,
  readings: Record<string, Reading>,
  where: WarningsWhere
): string[] {
  const base = inputOf(d, readings)
  const alone = readingWarnings({ ...base, typed: {} })
  if (where === 'shots') return alone
  const all = readingWarnings({ ...base, typed: { name: d.name.trim() || undefined, idNumber: d.idNumber.trim() || undefined } })
  return where === 'check' ? all : all.filter((w) => !alone.includes(w))
}
