export default definePageConfig({ navigationBarTitleText: '弹窗纠错' })
