// The citizen's view of the end of the loop (issue 12): which correction stage shows, when the receipt holds,
// when 「弹窗还在？」 is offered, and how the operator's events read in the timeline.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { Correction } from '../../types/correction'
import CorrectionStages from '../../src/components/CorrectionStages'
import StatusBadge from '../../src/components/StatusBadge'
import Timeline from '../../src/components/Timeline'
import { chipLabel, chipLook, correctionLabel, correctionSteps, receiptValid, reopenedAt, stillMoving, stillPoppedState } from '../../src/domain/stages'
import { eventLabel } from '../../src/domain/progress'

const APPROVED = '2022-01-28T03:00:00Z'
const HANDED = '2022-01-28T04:00:00Z'
const CLEARED = '2022-01-28T06:30:00Z'
const NOW = Date.parse('2022-01-28T08:00:00Z')

const waiting: Correction = { status: 'waiting', attempt: 1, stillPoppedAvailableAt: null }
const handed: Correction = { status: 'handed_over', attempt: 1, handedOverAt: HANDED, stillPoppedAvailableAt: '2022-01-29T04:00:00Z' }
const cleared: Correction = { status: 'cleared', attempt: 1, handedOverAt: HANDED, clearedAt: CLEARED, stillPoppedAvailableAt: CLEARED }
const notCleared: Correction = { status: 'not_cleared', attempt: 2, handedOverAt: HANDED, note: '健康宝中查无此人', stillPoppedAvailableAt: null }

describe('correctionSteps', () => {
  it('waiting: approved done, the hand-over is current and not reached, no outcome yet', () => {
    const steps = correctionSteps(APPROVED, waiting)
    expect(steps.map((s) => s.label)).toEqual(['已通过', '已转健康宝', '解除弹窗'])
    expect(steps[0]).toMatchObject({ done: true, at: APPROVED })
    expect(steps[1]).toMatchObject({ done: false, current: true, at: null, detail: '等待转交健康宝运营方' })
    expect(steps[2]).toMatchObject({ done: false, current: false, tone: null })
  })

  it('cleared: 弹窗已解除 with the time the operator confirmed it', () => {
    const steps = correctionSteps(APPROVED, cleared)
    expect(steps[1]).toMatchObject({ label: '已转健康宝', done: true, current: false, at: HANDED })
    expect(steps[2]).toMatchObject({ label: '弹窗已解除', done: true, current: true, at: CLEARED, tone: 'ok' })
  })

  it('not_cleared: 未能解除 with the operator’s note as the reason', () => {
    const steps = correctionSteps(APPROVED, notCleared)
    expect(steps[2]).toMatchObject({ label: '未能解除', tone: 'bad', detail: '原因：健康宝中查无此人' })
    expect(correctionSteps(APPROVED, { ...notCleared, note: undefined })[2].detail).toBe('健康宝运营方未能解除弹窗')
  })
})

describe('labels, receipt and polling', () => {
  it('the list chip names the correction stage only on an approved appeal with a correction past waiting', () => {
    expect(chipLabel('approved', handed)).toBe('已转健康宝')
    expect(chipLabel('approved', cleared)).toBe('弹窗已解除')
    expect(chipLabel('approved', notCleared)).toBe('未能解除')
    expect(chipLabel('approved', waiting)).toBe('已通过')
    expect(chipLabel('approved', null)).toBe('已通过')
    expect(chipLabel('approved', undefined)).toBe('已通过')
    // reopened by 「弹窗还在」: the appeal status speaks again
    expect(chipLabel('queued', cleared)).toBe('排队待审')
    expect(correctionLabel('approved', waiting)).toBe('已通过，待转健康宝')
    expect(correctionLabel('rejected', notCleared)).toBeNull()
    expect(chipLook('approved', notCleared)).toBe('needs_info')
    expect(chipLook('approved', cleared)).toBeUndefined()
  })

  it('the receipt holds from submission until the popup is confirmed cleared, never after a rejection or withdrawal', () => {
    for (const s of ['queued', 'in_review', 'needs_info'] as const) expect(receiptValid(s, null)).toBe(true)
    expect(receiptValid('approved', waiting)).toBe(true)
    expect(receiptValid('approved', handed)).toBe(true)
    expect(receiptValid('approved', notCleared)).toBe(true)
    expect(receiptValid('approved', cleared)).toBe(false)
    expect(receiptValid('rejected', null)).toBe(false)
    expect(receiptValid('withdrawn', null)).toBe(false)
  })

  it('polling goes on while the appeal is open or its correction travels; it stops once cleared or not cleared', () => {
    expect(stillMoving('queued', null, false)).toBe(true)
    expect(stillMoving('approved', waiting, true)).toBe(true)
    expect(stillMoving('approved', handed, true)).toBe(true)
    expect(stillMoving('approved', cleared, true)).toBe(false)
    expect(stillMoving('approved', notCleared, true)).toBe(false)
    expect(stillMoving('approved', null, true)).toBe(false)
    expect(stillMoving('rejected', null, true)).toBe(false)
  })

  it('「弹窗还在？」 follows the server’s stillPoppedAvailableAt', () => {
    expect(stillPoppedState('approved', cleared, NOW)).toEqual({ kind: 'now' })
    expect(stillPoppedState('approved', handed, NOW)).toEqual({ kind: 'later', at: '2022-01-29T04:00:00Z' })
    expect(stillPoppedState('approved', handed, Date.parse('2022-01-29T04:00:00Z'))).toEqual({ kind: 'now' })
    expect(stillPoppedState('approved', waiting, NOW)).toBeNull()
    expect(stillPoppedState('approved', { ...cleared, stillPoppedAvailableAt: 'not a time' }, NOW)).toBeNull()
    expect(stillPoppedState('queued', cleared, NOW)).toBeNull()
  })

  it('a reopened appeal is recognised until it is decided again', () => {
    const tl = [
      { at: APPROVED, type: 'approved' },
      { at: '2022-01-28T07:00:00Z', type: 'still_popped' }
    ]
    expect(reopenedAt(tl, 'queued')).toBe('2022-01-28T07:00:00Z')
    expect(reopenedAt(tl, 'in_review')).toBe('2022-01-28T07:00:00Z')
    expect(reopenedAt(tl, 'approved')).toBeNull()
    expect(reopenedAt(tl.slice(0, 1), 'queued')).toBeNull()
  })
})

describe('CorrectionStages', () => {
  const decision = { decidedAt: APPROVED }

  it('shows 已通过 → 已转健康宝 → 弹窗已解除 with Beijing times and how long ago', () => {
    render(<CorrectionStages status='approved' decision={decision} correction={cleared} now={NOW} onStillPopped={async () => null} />)
    const stages = screen.getAllByTestId('correction-stage')
    expect(stages.map((s) => s.textContent)).toEqual([expect.stringContaining('已通过'), expect.stringContaining('已转健康宝'), expect.stringContaining('弹窗已解除')])
    expect(within(stages[0]).getByText(/2022-01-28 11:00（5 小时前）/)).toBeInTheDocument()
    expect(within(stages[1]).getByText(/2022-01-28 12:00（4 小时前）/)).toBeInTheDocument()
    expect(within(stages[2]).getByText(/2022-01-28 14:30（2 小时前）/)).toBeInTheDocument()
    expect(screen.getByText('弹窗还在？')).toBeInTheDocument()
  })

  it('says from when 「弹窗还在」 becomes available while the operator has 24 hours', () => {
    render(<CorrectionStages status='approved' decision={decision} correction={handed} now={NOW} onStillPopped={async () => null} />)
    expect(screen.queryByText('弹窗还在？')).toBeNull()
    expect(screen.getByText(/如 2022-01-29 12:00（.*）后健康宝仍显示弹窗，可在这里反馈「弹窗还在」/)).toBeInTheDocument()
    expect(screen.getAllByTestId('correction-stage')[1].textContent).toContain('（当前）')
    expect(screen.getAllByTestId('correction-stage')[2].textContent).toContain('等待健康宝运营方处理')
  })

  it('not cleared: why, and what to do next', () => {
    render(<CorrectionStages status='approved' decision={decision} correction={notCleared} now={NOW} onStillPopped={async () => null} />)
    expect(screen.getAllByTestId('correction-stage')[2].textContent).toContain('未能解除原因：健康宝中查无此人')
    expect(screen.getByText(/下一步：工作人员会核实后重新提交或联系您/)).toBeInTheDocument()
    expect(screen.getByText('第 2 次转交健康宝')).toBeInTheDocument()
  })

  it('「弹窗还在？」 asks first, sends the optional note, and shows a refusal in Chinese', async () => {
    const sent: string[] = []
    let answer: string | null = '暂时还不能反馈弹窗仍在'
    render(
      <CorrectionStages
        status='approved'
        decision={decision}
        correction={cleared}
        now={NOW}
        onStillPopped={async (note) => {
          sent.push(note)
          return answer
        }}
      />
    )
    fireEvent.click(screen.getByText('弹窗还在？'))
    // cancelling sends nothing
    fireEvent.click(screen.getByText('取消'))
    expect(sent).toEqual([])
    fireEvent.click(screen.getByText('弹窗还在？'))
    expect(screen.getByText('确认健康宝仍显示弹窗？')).toBeInTheDocument()
    fireEvent.change(screen.getByPlaceholderText(/补充说明（选填）/), { target: { value: '  今早扫码仍弹窗  ' } })
    fireEvent.click(screen.getByText('确认反馈'))
    await screen.findByText('暂时还不能反馈弹窗仍在')
    expect(sent).toEqual(['今早扫码仍弹窗'])
    answer = null
    fireEvent.click(screen.getByText('确认反馈'))
    await waitFor(() => expect(screen.queryByText('确认健康宝仍显示弹窗？')).toBeNull())
    expect(sent).toHaveLength(2)
  })
})

describe('timeline and chip', () => {
  it('the operator’s events read in plain Chinese, by 健康宝运营方', () => {
    expect(eventLabel({ type: 'handed_over', to: null })).toBe('已转交健康宝运营方')
    expect(eventLabel({ type: 'popup_cleared', to: null })).toBe('确认弹窗已解除')
    expect(eventLabel({ type: 'popup_not_cleared', to: null })).toBe('未能解除弹窗')
    expect(eventLabel({ type: 'still_popped', to: 'queued' })).toBe('反馈弹窗还在，重新排队审核')
    render(
      <Timeline
        now={NOW}
        events={[
          { at: HANDED, type: 'handed_over', from: 'approved', to: 'approved', actor: 'operator', actorName: 'bjjkb-test', note: null },
          { at: CLEARED, type: 'popup_cleared', from: 'approved', to: 'approved', actor: 'operator', note: null }
        ]}
      />
    )
    const items = screen.getAllByTestId('timeline-event')
    expect(items[0].textContent).toContain('确认弹窗已解除（健康宝运营方）')
    expect(items[1].textContent).toContain('已转交健康宝运营方（健康宝运营方）')
    // the operator client's own name stays internal
    expect(items.map((i) => i.textContent).join('')).not.toContain('bjjkb-test')
  })

  it('the status chip can carry the correction stage, in words and in its accessible name', () => {
    render(<StatusBadge status='approved' label='未能解除' look='needs_info' id='s' />)
    expect(screen.getByText('未能解除')).toBeInTheDocument()
    expect(screen.getByLabelText('状态：未能解除')).toHaveClass('status-badge--needs_info')
    expect(screen.getByLabelText('状态：未能解除').textContent).not.toContain('✓')
  })
})
