// What the three sample screenshots (tests/fixtures/*.png, drawn for this project) say: the fields a correct
// reading of each gives. The extractor's unit tests and the API's reading tests hold the reader to the same list.
import type { PopupFields, TestResultFields } from '../../types/reading'

export const NEGATIVE_1_FIELDS: TestResultFields = {
  sampledAt: '2022-01-26 09:12',
  testedAt: '2022-01-26 21:40',
  result: '阴性',
  nameMasked: '王*明',
  idMasked: '1101**********1234',
  institution: '示例医院核酸检测点'
}

export const POPUP_FIELDS: PopupFields = {
  popupText: '您于元旦后购买过退热、止咳、抗感染、治疗咽干咽痛类药品，请于72小时内完成核酸检测，检测结果出来前减少外出。',
  popupCode: '4',
  shownAt: '2022-01-28 08:05',
  suggestedCategory: 'medicine'
}
