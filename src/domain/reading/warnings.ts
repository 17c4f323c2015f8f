// What the citizen is told before submitting, when a screenshot says something the appeal cannot use.
import type { Reading } from '../../../types/reading'
import { idMatchesMask, nameMatchesMask } from './mismatch'
import { instantMs, readTimeToIso } from './times'

export interface ReadingWarningsInput {
  readings: Array<{ role: 'popup' | 'negative_test'; reading: Reading }>
  typed: { name?: string; idNumber?: string }
  /** when the popup appeared: an ISO instant or a read `YYYY-MM-DD HH:mm`; else the popup screenshot's reading */
  popupShownAt?: string
}

function toMs(at: string | undefined): number | null {
  if (!at) return null
  const iso = instantMs(at) !== null ? at : readTimeToIso(at)
  return iso === null ? null : instantMs(iso)
}

/** Plain sentences, one per problem, in screenshot order; the same sentence is said once. */
export function readingWarnings(input: ReadingWarningsInput): string[] {
  const done = input.readings.filter((r) => r.reading.status === 'done')
  const popup = done.find((r) => r.role === 'popup' && r.reading.kind === 'popup')
  const shownAt = toMs(input.popupShownAt) ?? toMs(popup?.reading.fields.shownAt)
  const out: string[] = []
  let n = 0
  for (const { role, reading } of input.readings) {
    if (role !== 'negative_test') continue
    n += 1
    if (reading.status !== 'done') continue
    const f = reading.fields
    if (reading.kind === 'popup') out.push(`第 ${n} 张核酸截图像是弹窗截图，请换成核酸检测结果截图`)
    if (f.result && f.result !== '阴性') out.push(`第 ${n} 张核酸截图的结果是“${f.result}”，阴性结果才能用于申诉`)
    const name = input.typed.name?.trim()
    if (f.nameMasked && name && !nameMatchesMask(f.nameMasked, name)) {
      out.push(`截图上的姓名（${f.nameMasked}）与填写的姓名不一致，请确认是本人的检测记录`)
    }
    const id = input.typed.idNumber?.trim()
    if (f.idMasked && id && !idMatchesMask(f.idMasked, id)) {
      out.push(`截图上的证件号（${f.idMasked}）与填写的证件号不一致，请确认是本人的检测记录`)
    }
    const sampled = toMs(f.sampledAt)
    if (sampled !== null && shownAt !== null && sampled < shownAt) {
      out.push(`第 ${n} 张核酸的采样时间早于弹窗出现的时间，不能证明弹窗后的检测结果`)
    }
  }
  const popupRead = input.readings.find((r) => r.role === 'popup')?.reading
  if (popupRead?.status === 'done' && popupRead.kind === 'test_result') out.push('弹窗截图像是核酸结果截图，请换成健康宝弹窗的截图')
  return [...new Set(out)]
}
