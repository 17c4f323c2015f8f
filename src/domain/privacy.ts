// The privacy notice, in plain words: what is collected, why, who sees it, how long it is kept.
export const SCREENSHOT_RETENTION_DAYS = 30

export const PRIVACY_SUMMARY: { title: string; text: string }[] = [
  { title: '收集什么', text: '姓名、身份证号、手机号、所在区，健康宝弹窗截图和核酸阴性结果截图（含从中识别出的文字），以及您填写的说明。' },
  { title: '为什么', text: '只用于核实并纠正您的健康宝弹窗，以及把办理进度告诉您。' },
  { title: '谁能看到', text: '负责审核的社区、区和 12345 工作人员；检测点扫描您出示的凭证时只看到打码的姓名和申诉状态。' },
  {
    title: '保存多久',
    text: `截图及其识别文字在申诉办结后 ${SCREENSHOT_RETENTION_DAYS} 天删除；申诉记录按政务服务档案要求保存。`
  }
]

