// The full notice, shown only on the privacy page (kept out of the main package).
import { PRIVACY_SUMMARY } from '../domain/privacy'

export const PRIVACY_DETAILS: { title: string; text: string }[] = [
  ...PRIVACY_SUMMARY,
  { title: '敏感个人信息', text: '身份证号和健康截图属于敏感个人信息。我们在您第一次上传前单独征求同意；不同意不影响您通过 12345 电话办理。' },
  {
    title: '截图识别',
    text: '服务器会识别截图上的文字：核酸截图的采样时间、检测时间、结果、打码的姓名和证件号、检测机构，弹窗截图的提示内容、弹窗编号和时间。识别结果用于帮您填写表单、供审核人员核对，和您的身份信息一样加密保存，随截图一并删除，不会写入日志。'
  },
  { title: '传输和存储', text: '截图在手机上压缩后经加密连接上传，按文件内容校验并重新编码保存，只能由有权限的工作人员查看。' },
  { title: '您的权利', text: '您可以撤回申诉；撤回或办结后截图按上述期限删除。对处理方式有疑问，可拨打 12345。' }
]
