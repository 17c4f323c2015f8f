import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import path from 'node:path'

// The API the app talks to. On h5 the app is served by the API itself, so a relative base works;
// the WeChat build needs an absolute address (set TARO_APP_API_BASE when building for a device).
// types/ holds the contract's runtime lists too (statuses, categories, reason codes); compile it with src/.
const contractDir = path.resolve(__dirname, '..', 'types')

const apiBase = process.env.TARO_APP_API_BASE ?? (process.env.TARO_ENV === 'weapp' ? 'http://127.0.0.1:8080' : '')

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'popup-appeal',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [path.resolve(__dirname, 'plugins/weapp-aria.js')],
    defineConstants: {
      'process.env.TARO_APP_API_BASE': JSON.stringify(apiBase),
      'process.env.TARO_APP_SUBSCRIBE_TEMPLATE_ID': JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATE_ID ?? '')
    },
    alias: {
      '@/types': path.resolve(__dirname, '..', 'types')
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    // Chinese copy as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6 bytes)
    terser: { enable: true, config: { output: { ascii_only: false } } },
    mini: {
      compile: { include: [contractDir] },
      optimizeMainPackage: { enable: true },
      // main-package budget (≤ 400 KB): fewer pre-unrolled template levels in base.wxml (deeper trees
      // fall back to the recursive comp component). The runner reads `baseLevel` (MiniPlugin) but
      // IMiniAppConfig does not declare it. No minifyXML: its html-minifier drops the end tag of
      // <input> (a void element in HTML), which WXML requires — the weapp smoke test caught it.
      ...{ baseLevel: 6 },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
      compile: { include: [contractDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }
  return config
})
