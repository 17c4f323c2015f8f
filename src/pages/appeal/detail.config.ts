export default definePageConfig({ navigationBarTitleText: '申诉进度' })
