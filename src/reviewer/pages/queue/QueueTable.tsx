// The desk layout's list: a grid with sortable columns; the selected row is the keyboard's (J/K, arrows, Enter).
import { Text, View } from '@tarojs/components'
import type { AppealSummary } from '../../../../types/api'
import { CATEGORY_INFO } from '../../../domain/categories'
import { formatShort } from '../../../domain/time'
import { countdown, waited } from '../../format'
import Btn from '../../components/Btn'
import { tabStop } from '../../components/useWide'
import RowFlags from './RowFlags'
import { SORTABLE, sortActive, type SortCol, type SortKey } from './sorting'

interface TableProps {
  items: AppealSummary[]
  cursorIndex: number
  now: number
  sort: SortKey
  sortCol: SortCol
  sortBy: (col: SortCol, to: SortKey) => void
  open: (i: number) => void
}

function SortHeader({ col, text, sort, sortCol, sortBy }: { col: SortCol; text: string } & Pick<TableProps, 'sort' | 'sortCol' | 'sortBy'>) {
  const spec = SORTABLE.find((x) => x.col === col)!
  const active = sortActive(col, sort, sortCol)
  return (
    <View className={`qt__cell qt__cell--${col} qt__th`} role='columnheader' aria-sort={active ? spec.aria : undefined}>
      <Btn className={`qt__sort${active ? ' qt__sort--on' : ''}`} id={`sort-${col}`} label={`${text}：${spec.name}`} onClick={() => sortBy(col, spec.sort)}>
        {text}
        <Text aria-hidden='true'>{active ? (spec.aria === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}</Text>
      </Btn>
    </View>
  )
}

function TableRow({ a, i, selected, now, open }: { a: AppealSummary; i: number; selected: boolean; now: number; open: (i: number) => void }) {
  const due = a.dueAt ? countdown(a.dueAt, now) : null
  const f = a.flags
  const over = !!due && (due.overdue || a.overdue)
  return (
    <View
      className={`qt__row${selected ? ' qt__row--on' : ''}`}
      id={`queue-row-${i}`}
      data-id={a.id}
      role='row'
      aria-selected={selected}
      {...tabStop(selected ? 0 : -1)}
      onClick={() => open(i)}
    >
      <View className='qt__cell qt__cell--no reviewer__mono' role='gridcell'>
        <Text>{a.trackingNo}</Text>
      </View>
      <View className='qt__cell qt__cell--district' role='gridcell'>
        <Text>{a.district}</Text>
      </View>
      <View className='qt__cell qt__cell--category' role='gridcell'>
        <Text>{CATEGORY_INFO[a.category]?.title ?? a.category}</Text>
      </View>
      <View className='qt__cell qt__cell--flags' role='gridcell'>
        <RowFlags flags={f} />
        {!f?.blockedFromTesting && !f?.needBy && !f?.urged && !f?.reusedScreenshot && !f?.shotMismatch ? <Text className='muted'>—</Text> : null}
      </View>
      <View className='qt__cell qt__cell--waited' role='gridcell'>
        <Text>{waited(a.createdAt, now)}</Text>
      </View>
      <View className='qt__cell qt__cell--due' role='gridcell'>
        <Text>{a.dueAt ? formatShort(a.dueAt) : '—'} </Text>
        {due ? <Text className={`rv__due${over ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`}>{due.text}</Text> : null}
      </View>
    </View>
  )
}

export default function QueueTable({ items, cursorIndex, now, sort, sortCol, sortBy, open }: TableProps) {
  const sorting = { sort, sortCol, sortBy }
  return (
    <View className='qt' id='queue-table' role='grid' aria-labelledby='queue-title' aria-rowcount={items.length + 1}>
      <View className='qt__row qt__head' role='row'>
        <View className='qt__cell qt__cell--no qt__th' role='columnheader'>
          <Text>查询码</Text>
        </View>
        <View className='qt__cell qt__cell--district qt__th' role='columnheader'>
          <Text>区</Text>
        </View>
        <View className='qt__cell qt__cell--category qt__th' role='columnheader'>
          <Text>情形</Text>
        </View>
        <SortHeader col='flags' text='标记（优先级）' {...sorting} />
        <SortHeader col='waited' text='等待时长' {...sorting} />
        <SortHeader col='due' text='截止时间' {...sorting} />
      </View>
      {items.map((a, i) => (
        <TableRow key={a.id} a={a} i={i} selected={i === cursorIndex} now={now} open={open} />
      ))}
    </View>
  )
}
