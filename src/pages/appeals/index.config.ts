export default definePageConfig({ navigationBarTitleText: '我的申诉', enablePullDownRefresh: true })
