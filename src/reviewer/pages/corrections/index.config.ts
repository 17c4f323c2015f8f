export default definePageConfig({ navigationBarTitleText: '未能解除的纠错' })
