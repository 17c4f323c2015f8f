export default defineAppConfig({
  pages: ['pages/index/index', 'pages/appeal/new', 'pages/appeal/detail', 'pages/appeals/index'],
  subPackages: [
    {
      root: 'reviewer',
      pages: ['pages/login/index', 'pages/queue/index', 'pages/review/index', 'pages/dashboard/index', 'pages/clusters/index']
    },
    {
      // rarely opened citizen pages (and the QR library) stay out of the main package
      root: 'packageAppeal',
      pages: ['pages/receipt/index', 'pages/privacy/index', 'pages/supplement/index']
    }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: '弹窗纠错',
    navigationBarTextStyle: 'white'
  },
  // WeChat's privacy authorisation (wx.requirePrivacyAuthorize) needs this on
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents'
})
