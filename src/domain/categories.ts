import type { Category } from '../../types/appeal'
import { afterPurchaseText, DEFAULT_POLICY, type Policy } from './policy'

export interface CategoryInfo {
  code: Category
  title: string
  /** the situation in the citizen's words */
  situation: string
  /** what clears the popup */
  clears: string
}

export const CATEGORY_INFO: Record<Category, CategoryInfo> = {
  travel: {
    code: 'travel',
    title: '进（返）京弹窗',
    situation: '14 天内有进（返）京行为，且到过或正处于京外中高风险地区',
    clears: '两次核酸检测（间隔 24 小时以上）均为阴性；在“京心相助”平台报备；到居委会签署承诺书'
  },
  trajectory: {
    code: 'trajectory',
    title: '风险点位 / 轨迹交集弹窗',
    situation: '到访过通报病例涉及的风险点位，或与病例活动轨迹有交集',
    clears: '按社区要求完成两次核酸检测（间隔 24 小时以上）均为阴性，并向社区报备'
  },
  medicine: {
    code: 'medicine',
    title: '购药弹窗',
    situation: '元旦后在药店或诊所购买过退热、止咳、抗感染、治疗咽干咽痛“四类药品”',
    clears: `${afterPurchaseText(DEFAULT_POLICY)}；结果为阴性后弹窗一般会自动解除（每天零点刷新）`
  },
  unknown: {
    code: 'unknown',
    title: '不确定是哪一种',
    situation: '看不出弹窗原因，或自认为不属于以上情况（例如只买过哮喘药、牙疼药）',
    clears: '提交弹窗截图和核酸阴性截图，由工作人员核查原因'
  }
}

export const POPUP_CATEGORIES: Category[] = ['travel', 'trajectory', 'medicine']

/** The categories as the given policy words them (the medicine window is the evidence age limit). */
export function categoryInfo(policy: Pick<Policy, 'evidenceMaxAgeHours'> = DEFAULT_POLICY): Record<Category, CategoryInfo> {
  return {
    ...CATEGORY_INFO,
    medicine: { ...CATEGORY_INFO.medicine, clears: `${afterPurchaseText(policy)}；结果为阴性后弹窗一般会自动解除（每天零点刷新）` }
  }
}
