import { fireEvent, render, screen } from '@testing-library/react'
import { act } from 'react'
import { resetTaroMock } from './mocks/taro'
import NewAppeal from '../../src/pages/appeal/new'
import { useDraft } from '../../src/stores/draft'
import { isoToShanghaiParts } from '../../src/domain/time'

const H = 3600_000
function partsAgo(hours: number) {
  // whole minutes, so the gap between two tests is exact
  const t = Math.floor((Date.now() - hours * H) / 60_000) * 60_000
  return isoToShanghaiParts(new Date(t).toISOString())
}

beforeEach(() => {
  resetTaroMock()
  act(() => useDraft.getState().reset())
})

describe('the appeal form shows evidence problems in Chinese', () => {
  it('travel with two tests 20 h apart says they must be 24 h apart', () => {
    act(() =>
      useDraft.setState({
        category: 'travel',
        popupShot: 'p',
        negatives: [
          { key: 'a', shot: 'n1', ...partsAgo(22) },
          { key: 'b', shot: 'n2', ...partsAgo(2) }
        ]
      })
    )
    render(<NewAppeal />)
    expect(screen.getAllByText(/两次核酸需间隔24小时以上，目前间隔 20 小时/).length).toBeGreaterThan(0)
    expect(screen.getByText(/还不能提交：两次核酸需间隔24小时以上，目前间隔 20 小时/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: '提交申诉' })).toBeDisabled()
  })

  it('travel with one test asks for the second one', () => {
    act(() => useDraft.setState({ category: 'travel', popupShot: 'p', negatives: [{ key: 'a', shot: 'n1', ...partsAgo(2) }] }))
    render(<NewAppeal />)
    expect(screen.getAllByText(/此类弹窗需要两次核酸（间隔24小时以上），目前只有 1 次/).length).toBeGreaterThan(0)
  })

  it('a test older than 72 h says to test again', () => {
    act(() => useDraft.setState({ category: 'medicine', popupShot: 'p', negatives: [{ key: 'a', shot: 'n1', ...partsAgo(80) }] }))
    render(<NewAppeal />)
    expect(screen.getAllByText(/最近一次采样需在 72 小时内，目前已过 80 小时/).length).toBeGreaterThan(0)
  })

  it('checks the ID number as it is typed, and enables submit when everything is valid', () => {
    act(() => useDraft.setState({ category: 'medicine', popupShot: 'p', negatives: [{ key: 'a', shot: 'n1', ...partsAgo(2) }], district: '朝阳区' }))
    const { container } = render(<NewAppeal />)
    const q = (id: string) => container.querySelector(`#${id}`) as HTMLInputElement

    fireEvent.change(q('input-name'), { target: { value: '张三' } })
    fireEvent.change(q('input-id'), { target: { value: '110105194912310021' } })
    expect(screen.getByText('身份证号码不正确，请核对 18 位号码（最后一位可能是 X）')).toBeInTheDocument()
    fireEvent.change(q('input-id'), { target: { value: '11010519491231002X' } })
    expect(screen.queryByText('身份证号码不正确，请核对 18 位号码（最后一位可能是 X）')).toBeNull()

    fireEvent.change(q('input-phone'), { target: { value: '1381234' } })
    expect(screen.getByText('手机号应为 11 位数字，以 1 开头')).toBeInTheDocument()
    fireEvent.change(q('input-phone'), { target: { value: '13812345678' } })

    expect(q('btn-submit')).not.toBeDisabled()
    expect(container.querySelector('#submit-reason')).toBeNull()
  })

  it('shows upload state with the hook ids the e2e test reads', () => {
    act(() =>
      useDraft.setState({
        popupShot: 'p',
        uploads: { a: { status: 'uploading', progress: 42, attempt: 2, localPath: 'blob:a', error: null } },
        negatives: [{ key: 'a', shot: null, ...partsAgo(2) }]
      })
    )
    const { container } = render(<NewAppeal />)
    expect(container.querySelector('#upload-status-popup')?.textContent).toContain('已上传')
    expect(container.querySelector('#upload-status-negative-0')?.textContent).toBe('上传中 42%（第 2 次尝试）')
    act(() =>
      useDraft.setState({ uploads: { a: { status: 'failed', progress: 0, attempt: 3, localPath: 'blob:a', error: '网络不可用，请检查网络后重试' } } })
    )
    expect(container.querySelector('#upload-status-negative-0')?.textContent).toBe('上传失败：网络不可用，请检查网络后重试')
    expect(container.querySelector('#retry-negative-0')?.textContent).toBe('重试')
  })
})
