import { render, screen, within } from '@testing-library/react'
import type { Appeal } from '../../types/appeal'
import StageProgress from '../../src/components/StageProgress'
import Timeline from '../../src/components/Timeline'
import DecisionBox from '../../src/components/DecisionBox'
import StatusBadge from '../../src/components/StatusBadge'

const base: Appeal = {
  id: 'a1',
  trackingNo: 'TC2201280001',
  status: 'rejected',
  category: 'medicine',
  district: '朝阳区',
  popupShot: 'p',
  negativeTests: [],
  applicant: { name: '张*', idNumber: '1101**********002X', phone: '138****5678' },
  statement: '',
  createdAt: '2022-01-28T00:05:00Z',
  updatedAt: '2022-01-28T03:00:00Z',
  timeline: [
    { at: '2022-01-28T00:05:00Z', type: 'submitted', from: null, to: 'queued', actor: 'citizen', note: null },
    { at: '2022-01-28T01:30:00Z', type: 'claimed', from: 'queued', to: 'in_review', actor: 'reviewer', note: null },
    { at: '2022-01-28T03:00:00Z', type: 'rejected', from: 'in_review', to: 'rejected', actor: 'reviewer', note: '核酸采样时间已超过 72 小时' }
  ],
  decision: { outcome: 'rejected', reasonCode: 'test_too_old', note: null, decidedAt: '2022-01-28T03:00:00Z' },
  triggerDate: null,
  blockedFromTesting: false,
  needBy: null,
  dueAt: '2022-01-29T00:05:00Z',
  overdue: false,
  queue: null,
  urgedAt: null,
  urgeAvailableAt: null,
  withdrawReason: null,
  rating: null,
  correction: null
}
const NOW = Date.parse('2022-01-28T05:00:00Z')

describe('StageProgress', () => {
  it('shows 已提交 → 审核中 → 已办结 with Beijing times and how long ago', () => {
    render(<StageProgress appeal={base} now={NOW} id='stages' />)
    const stages = screen.getAllByTestId('stage')
    expect(stages.map((s) => s.textContent)).toEqual([
      expect.stringContaining('已提交'),
      expect.stringContaining('审核中'),
      expect.stringContaining('已办结')
    ])
    expect(within(stages[0]).getByText(/2022-01-28 08:05（5 小时前）/)).toBeInTheDocument()
    expect(within(stages[1]).getByText(/2022-01-28 09:30/)).toBeInTheDocument()
    expect(within(stages[2]).getByText(/2022-01-28 11:00（2 小时前）/)).toBeInTheDocument()
    expect(stages[2].textContent).toContain('（当前）')
  })

  it('marks later stages as not reached for a queued appeal', () => {
    render(<StageProgress appeal={{ ...base, status: 'queued', timeline: base.timeline.slice(0, 1), decision: null }} now={NOW} />)
    const stages = screen.getAllByTestId('stage')
    expect(stages[0].textContent).toContain('（当前）')
    expect(stages[1].textContent).toContain('（未到）')
    expect(stages[1].textContent).toContain('等待中')
    expect(stages[2].textContent).toContain('（未到）')
  })
})

describe('DecisionBox and Timeline', () => {
  it('says the decision in plain words with the next step', () => {
    const { container } = render(<DecisionBox decision={base.decision} status='rejected' id='decision' />)
    const box = container.querySelector('#decision') as HTMLElement
    expect(box.textContent).toContain('审核结果：未通过')
    expect(box.textContent).toContain('核酸采样时间已超过 72 小时')
    expect(box.textContent).toContain('下一步：请重新做核酸，结果出来后再次申诉')
    expect(box.textContent).toContain('2022-01-28 11:00')
  })

  it('explains an approval and a pending appeal', () => {
    const { rerender, container } = render(
      <DecisionBox decision={{ outcome: 'approved', reasonCode: 'verified', note: null, decidedAt: '2022-01-28T03:00:00Z' }} status='approved' />
    )
    expect(container.textContent).toContain('审核通过，已提交健康宝纠错')
    rerender(<DecisionBox decision={null} status='queued' />)
    expect(container.textContent).toContain('尚未出结果')
  })

  it('lists every event newest first with actor and note', () => {
    render(<Timeline events={base.timeline} />)
    const events = screen.getAllByTestId('timeline-event')
    expect(events).toHaveLength(3)
    expect(events[0].textContent).toContain('审核未通过')
    expect(events[0].textContent).toContain('核酸采样时间已超过 72 小时')
    expect(events[1].textContent).toContain('审核员开始审核（审核员）')
    expect(events[2].textContent).toContain('2022-01-28 08:05')
    expect(events[2].textContent).toContain('提交申诉（申诉人）')
  })

  it('a withdrawn appeal says so, even when it was withdrawn from a request for more information', () => {
    const asked = { outcome: 'needs_info' as const, reasonCode: 'negative_test' as const, note: null, decidedAt: '2022-01-28T03:00:00Z' }
    const { rerender, container } = render(<DecisionBox decision={asked} status='withdrawn' withdrawReason='other' />)
    expect(container.textContent).toContain('申诉已撤回')
    expect(container.textContent).not.toContain('需要补充材料')
    rerender(<DecisionBox decision={null} status='withdrawn' withdrawReason='self_cleared' />)
    expect(container.textContent).toContain('弹窗消失')
  })

  it('events that keep the status read as what happened, not as a status change', () => {
    const at = '2022-01-28T04:00:00Z'
    render(
      <Timeline
        events={[
          { at, type: 'urged', from: 'queued', to: 'queued', actor: 'citizen', note: '市民催办' },
          { at: '2022-01-28T04:30:00Z', type: 'self_cleared', from: 'queued', to: 'withdrawn', actor: 'citizen', note: null },
          { at: '2022-01-28T04:40:00Z', type: 'rated', from: 'withdrawn', to: 'withdrawn', actor: 'citizen', note: '满意度 5 分' }
        ]}
      />
    )
    const text = screen.getAllByTestId('timeline-event').map((e) => e.textContent)
    expect(text[0]).toContain('已评价')
    expect(text[1]).toContain('弹窗已消失')
    expect(text[2]).toContain('催办')
    expect(text.join('')).not.toContain('状态变为')
  })

  it('StatusBadge carries the status in words', () => {
    const { container } = render(<StatusBadge status='needs_info' id='appeal-status' />)
    expect(container.querySelector('#appeal-status')?.textContent).toBe('待补充材料')
  })
})

describe('Timeline shows absolute Beijing time and how long ago', () => {
  it('newest first, 2022-01-28 11:00（2 小时前）', () => {
    render(<Timeline events={base.timeline} now={NOW} />)
    const items = screen.getAllByTestId('timeline-event')
    expect(items[0].textContent).toContain('2022-01-28 11:00（2 小时前）')
    expect(items[0].textContent).toContain('审核未通过')
    expect(items[2].textContent).toContain('2022-01-28 08:05（5 小时前）')
  })
})
