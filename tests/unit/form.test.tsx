import { fireEvent, render, screen } from '@testing-library/react'
import { act } from 'react'
import { resetTaroMock } from './mocks/taro'
import NewAppeal from '../../src/packageAppeal/pages/new/index'
import { useDraft } from '../../src/stores/draft'
import { usePrefs } from '../../src/stores/prefs'
import { isoToShanghaiParts } from '../../src/domain/time'
import { parseTypedTime } from '../../src/packageAppeal/pages/new/TimeEntry'

const H = 3600_000
function partsAgo(hours: number) {
  // whole minutes, so the gap between two tests is exact
  const t = Math.floor((Date.now() - hours * H) / 60_000) * 60_000
  return isoToShanghaiParts(new Date(t).toISOString())
}

beforeEach(() => {
  resetTaroMock()
  act(() => {
    useDraft.getState().reset()
    usePrefs.setState({ bigText: null, consentAt: null, consentVersion: 0 })
  })
})

describe('the appeal form, in steps', () => {
  it('shows where the citizen is and will not move on until the situation is chosen', () => {
    render(<NewAppeal />)
    expect(screen.getByText('第 1 步 / 共 5 步：弹窗情形')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '下一步' }))
    expect(screen.getByText(/还不能下一步：请选择弹窗类型/)).toBeInTheDocument()
    fireEvent.click(document.getElementById('category-medicine')!)
    fireEvent.click(screen.getByRole('button', { name: '下一步' }))
    expect(screen.getByText('第 2 步 / 共 5 步：上传截图')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: '上一步' })).toBeInTheDocument()
  })

  it('asks for separate consent before the first upload', () => {
    act(() => useDraft.setState({ category: 'medicine', step: 1 }))
    render(<NewAppeal />)
    fireEvent.click(document.getElementById('pick-popup')!)
    expect(screen.getByText('上传前请先阅读并同意')).toBeInTheDocument()
    expect(screen.getByText(/截图及其识别文字在申诉办结后 30 天删除/)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '暂不同意' }))
    expect(screen.queryByText('上传前请先阅读并同意')).not.toBeInTheDocument()
  })

  it('travel with two tests 20 h apart says live they must be 24 h apart, and blocks the step', () => {
    act(() =>
      useDraft.setState({
        category: 'travel',
        popupShot: 'p',
        step: 1,
        negatives: [
          { key: 'a', shot: 'n1', ...partsAgo(22) },
          { key: 'b', shot: 'n2', ...partsAgo(2) }
        ]
      })
    )
    render(<NewAppeal />)
    expect(screen.getAllByText(/两次核酸需间隔24小时以上，目前间隔 20 小时/).length).toBeGreaterThan(0)
    fireEvent.click(screen.getByRole('button', { name: '下一步' }))
    expect(screen.getByText('第 2 步 / 共 5 步：上传截图')).toBeInTheDocument()
  })

  it('turned away at a test site: no test screenshot needed to go on', () => {
    act(() => useDraft.setState({ category: 'travel', popupShot: 'p', step: 2 }))
    render(<NewAppeal />)
    expect(screen.getByText(/请上传核酸阴性截图/)).toBeInTheDocument()
    fireEvent.click(document.getElementById('blocked-yes')!)
    fireEvent.click(screen.getByRole('button', { name: '下一步' }))
    expect(screen.getByText('第 4 步 / 共 5 步：个人信息')).toBeInTheDocument()
  })

  it('the review step lists everything masked and enables submit only when complete', () => {
    act(() =>
      useDraft.setState({
        category: 'medicine',
        popupShot: 'p',
        step: 4,
        negatives: [{ key: 'a', shot: 'n1', ...partsAgo(2) }],
        district: '海淀区',
        name: '张三',
        idNumber: '11010519491231002X',
        phone: ''
      })
    )
    render(<NewAppeal />)
    expect(screen.getByText('1101**********002X')).toBeInTheDocument()
    expect(screen.getByText(/还不能提交：请填写正确的手机号/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: '提交申诉' })).toBeDisabled()
    act(() => useDraft.setState({ phone: '13812345678' }))
    expect(screen.getByRole('button', { name: '提交申诉' })).not.toBeDisabled()
  })

  it('carries the 大字模式 class on the page root', () => {
    act(() => usePrefs.setState({ bigText: true }))
    const { container } = render(<NewAppeal />)
    expect(container.firstElementChild!.className).toContain('page--big')
  })
})

describe('time entry without the wheels', () => {
  it('reads a typed time from a number pad', () => {
    expect(parseTypedTime('0830')).toBe('08:30')
    expect(parseTypedTime('830')).toBe('08:30')
    expect(parseTypedTime('8:30')).toBe('08:30')
    expect(parseTypedTime('14.05')).toBe('14:05')
    expect(parseTypedTime('2460')).toBeNull()
    expect(parseTypedTime('08')).toBeNull()
    expect(parseTypedTime('')).toBeNull()
  })

  it('travel shows two test slots from the start, each with 今天/昨天/前天 and a typed time that fills the draft', () => {
    act(() => useDraft.getState().setField('category', 'travel'))
    act(() => useDraft.setState({ step: 1 }))
    render(<NewAppeal />)
    expect(document.getElementById('pick-negative-0')).not.toBeNull()
    expect(document.getElementById('pick-negative-1')).not.toBeNull()
    // no guessed time: the slots start empty
    expect(useDraft.getState().negatives.map((n) => n.time)).toEqual(['', ''])
    fireEvent.click(screen.getAllByRole('radio', { name: /昨天/ })[0])
    const input = screen.getByRole('textbox', { name: /第 1 次核酸采样时间/ })
    fireEvent.change(input, { target: { value: '0830' } })
    const first = useDraft.getState().negatives[0]
    expect(first.time).toBe('08:30')
    expect(first.date).toBe(isoToShanghaiParts(new Date(Date.now() - 24 * H).toISOString()).date)
    expect(screen.getAllByRole('radio', { name: /昨天/ })[0]).toHaveAttribute('aria-checked', 'true')
  })

  it('the check step shows full times, thumbnails with alt text, the statement and 修改 links', () => {
    act(() =>
      useDraft.setState({
        category: 'medicine',
        popupShot: 'p',
        step: 4,
        negatives: [{ key: 'a', shot: 'n1', date: '2022-01-28', time: '08:02' }],
        statement: '只买过哮喘药',
        uploads: { a: { status: 'done', progress: 100, attempt: 1, localPath: 'blob:n1', error: null } }
      })
    )
    render(<NewAppeal />)
    expect(screen.getByText(/第 1 次：2022-01-28 08:02/)).toHaveClass('nowrap')
    expect(screen.getByRole('img', { name: '第 1 次核酸截图' })).toBeInTheDocument()
    expect(screen.getByText('只买过哮喘药')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '修改核酸截图' }))
    expect(useDraft.getState().step).toBe(1)
  })
})
