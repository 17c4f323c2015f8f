import { PropsWithChildren, useEffect } from 'react'
import { useDidShow } from '@tarojs/taro'
import { startOutboxTimer, useOutbox } from './stores/outbox'
import { registerWeappAria } from './a11y/weappAria'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') registerWeappAria()

function App({ children }: PropsWithChildren) {
  // submissions waiting on the phone go out when the app comes back, when the network returns, and on a timer
  useDidShow(() => {
    void useOutbox.getState().flush({ force: true })
  })
  useEffect(() => {
    const stop = startOutboxTimer()
    const online = () => void useOutbox.getState().flush({ force: true })
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.addEventListener('online', online)
    return () => {
      stop()
      if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.removeEventListener('online', online)
    }
  }, [])
  return children
}

export default App
