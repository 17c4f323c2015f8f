// Fields of a nucleic-acid result page: 采样时间, 检测时间, 检测结果, masked name and ID, 检测机构.
import type { TestResultFields } from '../../../types/reading'
import { oneValue, valuesFor, type PageLine } from './lines'
import { fixLetterO, parseReadTime } from './times'

/** The labels each field is printed under, as result pages word them. */
export const TEST_LABELS = {
  sampledAt: ['采样时间', '采集时间', '采样日期', '采集日期', '采样日期时间'],
  testedAt: ['检测时间', '报告时间', '检测日期', '报告日期', '出具时间'],
  result: ['检测结果', '核酸结果', '检测结论', '结果'],
  nameMasked: ['姓名'],
  idMasked: ['证件号码', '身份证号码', '身份证号', '证件号'],
  institution: ['检测机构', '采样机构', '检测单位', '采样点', '采样地点']
} as const

export const ALL_TEST_LABELS: readonly string[] = Object.values(TEST_LABELS).flat()

/** 阴性 / 阳性 with an optional (-) / (+); other short wording as printed when under a full label. */
function parseResult(text: string): string | null {
  const m = /^(阴性|阳性)(?:[(（][-+−][)）])?$/.exec(text.replace(/\s+/g, ''))
  if (m) return m[1]
  // 待复核, 无效…: plain words only; anything with digits or punctuation is a sentence, not a result
  return /^[\u4e00-\u9fa5]{2,6}$/.test(text) ? text : null
}

/**
 * 王*明, 王**, 欧阳*锋: CJK and mask stars. A name with no star is not taken: OCR drops a star now and then
 * (赵* read as 赵), and a dropped star turns a mask into a wrong full name.
 */
function parseMaskedName(text: string): string | null {
  const name = text.replace(/\s+/g, '')
  return /^[\u4e00-\u9fa5*·]{2,12}$/.test(name) && /[\u4e00-\u9fa5]/.test(name) && name.includes('*') ? name : null
}

/** Resident IDs are 18 characters; masks show the first 1–6 and the last 4. */
const ID_LENGTH = 18

/**
 * 1101**********1234, 110***********123X: a visible head, stars, and a visible tail of exactly four. OCR
 * miscounts a run of stars (and reads a digit beside them as one more star, leaving a tail of three), so a
 * tail that is not four characters is not taken, and the stars are counted from the ID's length: the visible
 * characters are what was read, the star count is only how many are hidden.
 */
function parseMaskedId(text: string): string | null {
  // OCR reads a star in a CJK font as 米 now and then; 米 is never part of an ID number
  const m = /^(\d{1,6})(\*{4,})(\d{3}[\dXx])$/.exec(fixLetterO(text.replace(/\s+/g, '').replace(/米/g, '*')))
  if (!m) return null
  return m[1] + '*'.repeat(ID_LENGTH - m[1].length - m[3].length) + m[3]
}

/** An institution is words, not a time or a number. */
function parseInstitution(text: string): string | null {
  const value = text.trim()
  return /[\u4e00-\u9fa5]{2}/.test(value) && !/\d{2}:\d{2}/.test(value) ? value : null
}

/** 阴 and 阳 are one stroke apart and the result decides the appeal: it asks for more confidence. */
const RESULT_MIN_SCORE = 0.9

/** A test is tested after it is sampled: times that say otherwise hold a misread digit, and which is unknown. */
function consistentTimes(sampledAt?: string, testedAt?: string): { sampledAt?: string; testedAt?: string } {
  return sampledAt && testedAt && sampledAt > testedAt ? {} : { sampledAt, testedAt }
}

export function extractTestResult(page: PageLine[]): TestResultFields {
  const values = (labels: readonly string[]) => valuesFor(page, labels, ALL_TEST_LABELS)
  const fields: TestResultFields = {
    ...consistentTimes(oneValue(values(TEST_LABELS.sampledAt), parseReadTime), oneValue(values(TEST_LABELS.testedAt), parseReadTime)),
    // the bare label 结果 is too common in footers (结果仅供参考) to take free wording under it
    result:
      oneValue(values(TEST_LABELS.result.filter((l) => l !== '结果')), parseResult, RESULT_MIN_SCORE) ??
      oneValue(
        values(['结果']),
        (t) => {
          const r = parseResult(t)
          return r === '阴性' || r === '阳性' ? r : null
        },
        RESULT_MIN_SCORE
      ),
    nameMasked: oneValue(values(TEST_LABELS.nameMasked), parseMaskedName),
    idMasked: oneValue(values(TEST_LABELS.idMasked), parseMaskedId),
    institution: oneValue(values(TEST_LABELS.institution), parseInstitution)
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as TestResultFields
}
