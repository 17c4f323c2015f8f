export default definePageConfig({ navigationBarTitleText: '审核员登录' })
