import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { Category } from '../../../../types/appeal'
import { CATEGORY_INFO } from '../../../domain/categories'
import { APPROVED_TEXT } from '../../../domain/reasons'
import { inShanghai } from '../../../domain/time'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import EmptyState from '../../../components/EmptyState'
import { toApiError } from '../../../services/errors'
import { approveCluster, fetchClusters, type Cluster } from '../../services/api'
import { loginAgainIfExpired, useLoadWhenSignedIn } from '../../signedIn'
import Btn from '../../components/Btn'
import '../reviewer.scss'

export default function Clusters() {
  const [items, setItems] = useState<Cluster[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<string | null>(null)

  const load = async () => {
    setError(null)
    try {
      setItems((await fetchClusters()).items)
    } catch (e) {
      const err = toApiError(e)
      loginAgainIfExpired(err)
      setError(err.message)
    }
  }

  useLoadWhenSignedIn(load)

  const approve = async (c: Cluster) => {
    setBusy(true)
    try {
      const r = await approveCluster(c.appealIds, note)
      setResult(`已批量通过 ${r.approved.length} 条${r.skipped.length ? `，${r.skipped.length} 条已被他人处理或不在队列中，未改动` : ''}。`)
      setOpen(null)
      await load()
    } catch (e) {
      setResult(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  if (error) return <ErrorState message={error} onRetry={load} />
  if (!items) return <Loading text='正在加载分组…' />

  return (
    <View className='page reviewer'>
      <View className='reviewer__bar'>
        <Text className='card__title'>同因分组（同类型与触发日、同区、同一小时内提交）</Text>
        <Btn className='btn btn--small' onClick={() => Taro.redirectTo({ url: '/reviewer/pages/queue/index' })}>
          队列
        </Btn>
      </View>
      {result ? (
        <Text className='reviewer__notice' id='cluster-result'>
          {result}
        </Text>
      ) : null}
      {items.length === 0 ? <EmptyState title='没有可合并的申诉' text='两条以上同因申诉会在这里成组出现。' /> : null}
      {items.map((c, i) => (
        <View className='card' key={c.key} id={`cluster-${i}`}>
          <View className='reviewer__bar'>
            <Text>
              <Text style={{ fontWeight: 700 }}>{CATEGORY_INFO[c.category as Category]?.title ?? c.category}</Text> · {c.district} · 触发日{' '}
              {c.triggerDate ?? '未填'} · {inShanghai(`${c.hour}:00:00.000Z`).format('M月D日 HH:00')} 时段
            </Text>
            <Text className='dash__num' id={`cluster-count-${i}`}>
              {c.count} 条
            </Text>
          </View>
          <Text className='muted reviewer__mono'>{c.trackingNos.slice(0, 12).join('  ')}{c.trackingNos.length > 12 ? ' …' : ''}</Text>
          {open === c.key ? (
            <View>
              <Text className='field__label'>通过原因：{APPROVED_TEXT.text}。补充说明（每条申诉的时间线都会记录）：</Text>
              <Textarea id='input-cluster-note' className='field__textarea' value={note} maxlength={400} onInput={(e) => setNote(e.detail.value)} />
              <Btn className={`btn btn--ok${busy ? ' btn--disabled' : ''}`} id={`btn-cluster-confirm-${i}`} disabled={busy} onClick={() => approve(c)}>
                {busy ? '正在提交…' : `确认通过这 ${c.count} 条`}
              </Btn>
              <Btn className='btn' onClick={() => setOpen(null)}>
                取消
              </Btn>
            </View>
          ) : (
            <Btn
              className='btn btn--primary'
              id={`btn-cluster-approve-${i}`}
              onClick={() => {
                setOpen(c.key)
                setNote('同批次核实无误')
              }}
            >
              核实后整组通过
            </Btn>
          )}
        </View>
      ))}
    </View>
  )
}
