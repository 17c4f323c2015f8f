export default defineAppConfig({
  pages: ['pages/index/index', 'pages/appeal/detail', 'pages/appeals/index'],
  subPackages: [
    {
      root: 'reviewer',
      pages: ['pages/login/index', 'pages/queue/index', 'pages/review/index', 'pages/dashboard/index', 'pages/clusters/index', 'pages/corrections/index']
    },
    {
      // the appeal form and the rarely opened citizen pages (and the QR library) stay out of the main package;
      // the home page preloads this package, so the form opens without a wait
      root: 'packageAppeal',
      pages: ['pages/new/index', 'pages/receipt/index', 'pages/privacy/index', 'pages/supplement/index']
    }
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packageAppeal'] }
  },
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
