// The filter chips: flags, category, district (when the reviewer has more than one), and on phones the sort.
import { Text, View } from '@tarojs/components'
import { CATEGORIES, type Category } from '../../../../types/appeal'
import type { QueueQuery } from '../../../../types/api'
import { CATEGORY_INFO } from '../../../domain/categories'
import { DISTRICTS } from '../../../domain/districts'
import { useReviewerSession } from '../../stores/session'
import { useReview, type QueueFilters as Filters } from '../../stores/review'
import Btn from '../../components/Btn'
import type { SortCol, SortKey } from './sorting'

const FLAGS: { code: NonNullable<QueueQuery['flag']>; label: string }[] = [
  { code: 'blocked', label: '检测点拒检' },
  { code: 'need_by', label: '有截止日期' },
  { code: 'urged', label: '已催办' },
  { code: 'reused', label: '截图重复' },
  { code: 'mismatch', label: '截图与填写不符' }
]

function Chip({ id, on, label, onClick, name }: { id: string; on: boolean; label: string; onClick: () => void; name?: string }) {
  return (
    <Btn id={id} className={`chip${on ? ' chip--on' : ''}`} pressed={on} label={name} onClick={onClick}>
      {label}
    </Btn>
  )
}

interface FiltersProps {
  wide: boolean
  sort: SortKey
  sortBy: (col: SortCol, to: SortKey) => void
}

export default function QueueFilters({ wide, sort, sortBy }: FiltersProps) {
  const reviewer = useReviewerSession((s) => s.reviewer)
  const filters = useReview((s) => s.filters)
  const filtersIgnored = useReview((s) => s.filtersIgnored)
  const setFilters = useReview((s) => s.setFilters)
  const resetFilters = useReview((s) => s.resetFilters)
  const districts = reviewer?.supervisor ? [...DISTRICTS] : reviewer?.districts ?? []
  // a chip pressed again clears its filter
  const toggle = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters({ [k]: filters[k] === v ? undefined : v } as never)

  return (
    <View className={wide ? 'queue__filters' : 'card'} id='queue-filters' role='group' aria-label='筛选'>
      {wide ? null : (
        <View className='filters__row'>
          <Text className='filters__label'>排序</Text>
          <Chip id='sort-priority' on={sort === 'priority'} label='按优先级' onClick={() => sortBy('flags', 'priority')} />
          <Chip id='sort-age' on={sort === 'age'} label='按提交时间' onClick={() => sortBy('waited', 'age')} />
          <Chip id='filter-overdue' on={filters.overdue === true} label='只看超时' onClick={() => toggle('overdue', true)} />
          <Chip id='filter-reset' on={false} label='清除筛选' onClick={() => resetFilters()} />
        </View>
      )}
      <View className='filters__row'>
        <Text className='filters__label'>标记</Text>
        {FLAGS.map((f) => (
          <Chip key={f.code} id={`filter-flag-${f.code}`} on={filters.flag === f.code} label={f.label} onClick={() => toggle('flag', f.code)} />
        ))}
        {wide ? <Chip id='filter-overdue' on={filters.overdue === true} label='只看超时' onClick={() => toggle('overdue', true)} /> : null}
        {wide ? <Chip id='filter-reset' on={false} label='清除筛选' onClick={() => resetFilters()} /> : null}
      </View>
      <View className='filters__row'>
        <Text className='filters__label'>类型</Text>
        {CATEGORIES.map((c) => (
          <Chip key={c} id={`filter-category-${c}`} on={filters.category === c} label={CATEGORY_INFO[c]?.title ?? c} onClick={() => toggle('category', c as Category)} />
        ))}
      </View>
      {districts.length > 1 ? (
        <View className='filters__row'>
          <Text className='filters__label'>区</Text>
          {districts.map((d) => (
            <Chip key={d} id={`filter-district-${d}`} on={filters.district === d} label={d} onClick={() => toggle('district', d)} />
          ))}
        </View>
      ) : null}
      {filtersIgnored ? (
        <Text className='hint-text' id='filters-ignored'>
          服务器暂不支持这些筛选条件，下面显示的是未筛选的列表。
        </Text>
      ) : null}
    </View>
  )
}
