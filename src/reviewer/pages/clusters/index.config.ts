export default definePageConfig({ navigationBarTitleText: '同因分组' })
