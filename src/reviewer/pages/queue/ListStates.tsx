// Around the list: loading, failure, nothing found, and the next page.
import { View } from '@tarojs/components'
import EmptyState from '../../../components/EmptyState'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { useReview } from '../../stores/review'
import Btn from '../../components/Btn'

export function ListStates() {
  const items = useReview((s) => s.items)
  const status = useReview((s) => s.queueStatus)
  const error = useReview((s) => s.queueError)
  const loadQueue = useReview((s) => s.loadQueue)
  return (
    <View>
      {status === 'loading' && items.length === 0 ? <Loading text='正在加载队列…' /> : null}
      {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={loadQueue} /> : null}
      {status === 'ready' && items.length === 0 ? <EmptyState title='没有符合条件的申诉' text='新的申诉会出现在这里。' /> : null}
    </View>
  )
}

export function LoadMore() {
  const nextCursor = useReview((s) => s.nextCursor)
  const loadingMore = useReview((s) => s.loadingMore)
  const loadMore = useReview((s) => s.loadMore)
  return nextCursor ? (
    <Btn className='btn' id='btn-load-more' disabled={loadingMore} onClick={() => loadMore()}>
      {loadingMore ? '正在加载…' : '加载更多'}
    </Btn>
  ) : null
}
