export default defineAppConfig({
  pages: ['pages/index/index', 'pages/appeal/new', 'pages/appeal/detail', 'pages/appeals/index'],
  subPackages: [
    {
      root: 'reviewer',
      pages: ['pages/login/index', 'pages/queue/index', 'pages/review/index']
    }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: '弹窗纠错',
    navigationBarTextStyle: 'white'
  },
  lazyCodeLoading: 'requiredComponents'
})
