export default definePageConfig({ navigationBarTitleText: '检测凭证', navigationBarBackgroundColor: '#ffffff', navigationBarTextStyle: 'black' })
