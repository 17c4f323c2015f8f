// The need-by wording lives in the one policy (issue 16); kept here for the form's imports.
export { NEED_BY_LABELS, NEED_BY_SHORT_LABELS } from './policy'
