// A way back and home on h5 pages: a browser tab opened on a deep link (a shared progress page, a reload)
// has no WeChat navigation bar and often no history. WeChat draws its own back button, so the mini-program
// build renders nothing here.
import Taro from '@tarojs/taro'
import { IS_WEAPP } from './A11y'
import './PageNav.scss'

const HOME = '/pages/index/index'

function back() {
  const pages = Taro.getCurrentPages?.() ?? []
  if (pages.length > 1) Taro.navigateBack().catch(() => Taro.reLaunch({ url: HOME }))
  else Taro.reLaunch({ url: HOME })
}

export default function PageNav({ title, backTo }: { title: string; backTo?: string }) {
  if (IS_WEAPP) return null
  return (
    <nav className='page-nav' aria-label='页面导航'>
      <button type='button' className='page-nav__btn' id='nav-back' onClick={() => (backTo ? Taro.redirectTo({ url: backTo }) : back())}>
        ‹ 返回
      </button>
      <h1 className='page-nav__title'>{title}</h1>
      <button type='button' className='page-nav__btn' id='nav-home' onClick={() => Taro.reLaunch({ url: HOME })}>
        首页
      </button>
    </nav>
  )
}
