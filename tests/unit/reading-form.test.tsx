// The citizen form and the server's readings (issue 13): the poll, the banner by a test, the situation a popup
// suggests, and the 阳性 confirmation on the review step.
import { fireEvent, render, screen } from '@testing-library/react'
import { act } from 'react'
import Taro from '@tarojs/taro'
import { resetTaroMock } from './mocks/taro'
import NewAppeal from '../../src/packageAppeal/pages/new/index'
import { POLL_EVERY_MS, POLL_FOR_MS, useReadings } from '../../src/packageAppeal/reading/store'
import { readTimeParts, spokenTime, suggestedCategory, testBanner } from '../../src/packageAppeal/reading/view'
import { useDraft } from '../../src/stores/draft'
import { usePrefs } from '../../src/stores/prefs'
import { clearValidated } from '../../src/services/http'
import type { Reading } from '../../types/reading'

const done = (fields: Reading['fields'], kind: Reading['kind'] = 'test_result'): Reading => ({ status: 'done', kind, fields })
const pending: Reading = { status: 'pending', kind: 'unknown', fields: {} }

/** The API as the form sees it: a device session, and each upload answering the next reading in its list. */
function serve(answers: Record<string, Reading[]>) {
  const calls: string[] = []
  ;(Taro.request as jest.Mock).mockImplementation(async (o: { url: string }) => {
    if (o.url.endsWith('/session/device')) return { statusCode: 201, data: { token: 't', expiresAt: '2099-01-01T00:00:00Z' }, header: {} }
    const m = /\/uploads\/([^/?]+)$/.exec(o.url)
    if (!m) return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '不存在' } }, header: {} }
    calls.push(m[1])
    const list = answers[m[1]] ?? []
    const reading = list.length > 1 ? list.shift()! : list[0]
    if (!reading) return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '不存在' } }, header: {} }
    return { statusCode: 200, data: { id: m[1], width: 1080, height: 2339, bytes: 1, reading }, header: {} }
  })
  return calls
}

beforeEach(() => {
  resetTaroMock()
  clearValidated()
  ;(Taro.request as jest.Mock).mockReset()
  act(() => {
    useDraft.getState().reset()
    useReadings.getState().clear()
    usePrefs.setState({ bigText: null, consentAt: null, consentVersion: 0 })
  })
})

afterEach(() => jest.useRealTimers())

describe('reading helpers', () => {
  it('splits a read time, says it for a screen reader, and leaves anything else out', () => {
    expect(readTimeParts('2022-01-27 08:02')).toEqual({ date: '2022-01-27', time: '08:02' })
    expect(readTimeParts('2022-01-2708:02')).toBeNull()
    expect(readTimeParts(undefined)).toBeNull()
    expect(spokenTime('2022-01-27', '08:02')).toBe('1月27日 8点02分')
  })

  it('offers, shows as used, or says both when the citizen typed another time', () => {
    const r = done({ sampledAt: '2022-01-27 08:02', result: '阴性' })
    expect(testBanner({ date: '', time: '' }, r).kind).toBe('offer')
    expect(testBanner({ date: '2022-01-27', time: '08:02' }, r).kind).toBe('used')
    expect(testBanner({ date: '2022-01-27', time: '09:00' }, r)).toMatchObject({ kind: 'differs', typed: { time: '09:00' } })
  })

  it('says the time could not be read when a reading ends without one, unless the citizen typed it already', () => {
    const failed: Reading = { status: 'failed', kind: 'unknown', fields: {} }
    expect(testBanner({ date: '', time: '' }, done({ result: '阴性' })).kind).toBe('unread')
    expect(testBanner({ date: '', time: '' }, failed).kind).toBe('unread')
    expect(testBanner({ date: '', time: '' }, undefined, true).kind).toBe('unread')
    expect(testBanner({ date: '2022-01-27', time: '' }, failed).kind).toBe('unread')
    expect(testBanner({ date: '2022-01-27', time: '08:02' }, failed).kind).toBe('none')
    expect(testBanner({ date: '2022-01-27', time: '08:02' }, undefined, true).kind).toBe('none')
    // never asked, switched off on the server, or another kind of screenshot (the warnings say that): nothing
    expect(testBanner({ date: '', time: '' }, undefined).kind).toBe('none')
    expect(testBanner({ date: '', time: '' }, { status: 'skipped', kind: 'unknown', fields: {} }).kind).toBe('none')
    expect(testBanner({ date: '', time: '' }, done({}, 'popup')).kind).toBe('none')
  })

  it('never suggests over the same choice, a 不是, or an unread popup', () => {
    const popup = done({ suggestedCategory: 'medicine' }, 'popup')
    expect(suggestedCategory(null, popup, false)).toBe('medicine')
    expect(suggestedCategory('travel', popup, false)).toBe('medicine')
    expect(suggestedCategory('medicine', popup, false)).toBeNull()
    expect(suggestedCategory(null, popup, true)).toBeNull()
    expect(suggestedCategory(null, done({ suggestedCategory: 'medicine' }, 'unknown'), false)).toBeNull()
  })
})

describe('polling an upload for its reading', () => {
  it('asks every 1.5 s while pending, stops when read, and a second watch does not poll twice', async () => {
    jest.useFakeTimers()
    const calls = serve({ u1: [pending, pending, done({ sampledAt: '2022-01-27 08:02' })] })
    act(() => {
      useReadings.getState().watch('u1')
      useReadings.getState().watch('u1')
    })
    await act(() => jest.advanceTimersByTimeAsync(0))
    expect(calls).toEqual(['u1'])
    expect(useReadings.getState().readings.u1.status).toBe('pending')
    await act(() => jest.advanceTimersByTimeAsync(POLL_EVERY_MS))
    act(() => useReadings.getState().watch('u1'))
    await act(() => jest.advanceTimersByTimeAsync(POLL_EVERY_MS))
    expect(calls).toEqual(['u1', 'u1', 'u1'])
    expect(useReadings.getState().readings.u1).toMatchObject({ status: 'done', fields: { sampledAt: '2022-01-27 08:02' } })
    await act(() => jest.advanceTimersByTimeAsync(10 * POLL_EVERY_MS))
    act(() => useReadings.getState().watch('u1'))
    await act(() => jest.advanceTimersByTimeAsync(POLL_EVERY_MS))
    expect(calls).toHaveLength(3)
  })

  it('gives up quietly after about 45 s; coming back asks once more, without another 45 s of polling', async () => {
    jest.useFakeTimers()
    const calls = serve({ u2: [pending] })
    act(() => useReadings.getState().watch('u2'))
    await act(() => jest.advanceTimersByTimeAsync(POLL_FOR_MS + 5 * POLL_EVERY_MS))
    const asked = calls.length
    expect(asked).toBeGreaterThanOrEqual(Math.floor(POLL_FOR_MS / POLL_EVERY_MS) - 1)
    expect(asked).toBeLessThanOrEqual(Math.ceil(POLL_FOR_MS / POLL_EVERY_MS) + 1)
    expect(useReadings.getState().polling.u2).toBeUndefined()
    // nothing says 正在读取 any more: the form says it could not read the time and carries on without it
    expect(useReadings.getState().readings.u2).toBeUndefined()
    expect(useReadings.getState().unread.u2).toBe(true)
    act(() => useReadings.getState().watch('u2'))
    await act(() => jest.advanceTimersByTimeAsync(3 * POLL_EVERY_MS))
    expect(calls).toHaveLength(asked + 1)
    expect(useReadings.getState().readings.u2).toBeUndefined()
  })

  it('a reading finished after the form gave up shows when the citizen comes back', async () => {
    jest.useFakeTimers()
    const answers = { u3: [pending] }
    const calls = serve(answers)
    act(() => useReadings.getState().watch('u3'))
    await act(() => jest.advanceTimersByTimeAsync(POLL_FOR_MS + POLL_EVERY_MS))
    answers.u3 = [done({ sampledAt: '2022-01-27 08:02' })]
    const before = calls.length
    act(() => useReadings.getState().watch('u3'))
    await act(() => jest.advanceTimersByTimeAsync(0))
    expect(calls).toHaveLength(before + 1)
    expect(useReadings.getState().readings.u3?.status).toBe('done')
    expect(useReadings.getState().unread.u3).toBeUndefined()
  })

  it('an upload the server does not know (404) is not polled: one question per visit', async () => {
    const calls = serve({})
    act(() => useReadings.getState().watch('gone'))
    await act(() => new Promise((r) => setTimeout(r, 10)))
    expect(calls).toEqual(['gone'])
    await act(() => new Promise((r) => setTimeout(r, 2 * POLL_EVERY_MS)))
    expect(calls).toEqual(['gone'])
    expect(useReadings.getState().readings.gone).toBeUndefined()
  })
})

function atShots(readings: Record<string, Reading>, slot: { date: string; time: string } = { date: '', time: '' }) {
  act(() => {
    useDraft.setState({ category: 'medicine', popupShot: 'p1', step: 1, negatives: [{ key: 'a', shot: 'n1', ...slot }] })
    useReadings.setState({ readings })
  })
  serve(Object.fromEntries(Object.entries(readings).map(([k, v]) => [k, [v]])))
  return render(<NewAppeal />)
}

describe('the banner by a test screenshot', () => {
  const read = done({ sampledAt: '2022-01-27 08:02', result: '阴性' })

  it('says while it reads, politely', () => {
    atShots({ n1: pending })
    expect(document.getElementById('reading-0')!.textContent).toContain('正在读取截图中的时间…')
    expect(document.querySelector('#reading-0 [role="status"]')).not.toBeNull()
  })

  it('says, politely, that the time could not be read and where to type it', () => {
    atShots({ n1: { status: 'failed', kind: 'unknown', fields: {} } })
    const banner = document.getElementById('reading-0')!
    expect(banner.textContent).toBe('未能从截图读出采样时间，请在下方填写')
    expect(banner.getAttribute('role')).toBe('status')
  })

  it('使用 fills the sampling time the chips and number pad set, then collapses', () => {
    atShots({ n1: read, p1: done({}, 'popup') })
    expect(screen.getByText('从截图读到：采样 01-27 08:02 · 阴性')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '使用截图中的采样时间 1月27日 8点02分' }))
    expect(useDraft.getState().negatives[0]).toMatchObject({ date: '2022-01-27', time: '08:02' })
    expect(screen.getByText(/已使用截图中的采样时间/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /使用截图中的采样时间/ })).not.toBeInTheDocument()
    expect((screen.getByRole('textbox', { name: /第 1 次核酸采样时间/ }) as HTMLInputElement).value).toBe('08:02')
  })

  it('修改 starts the entry from the read time and hands it to the citizen', async () => {
    atShots({ n1: read })
    fireEvent.click(screen.getByRole('button', { name: /修改第 1 次核酸采样时间/ }))
    expect(useDraft.getState().negatives[0]).toMatchObject({ date: '2022-01-27', time: '08:02' })
    expect(screen.getByText(/已按截图填入采样时间，可在下方修改/)).toBeInTheDocument()
    await act(() => new Promise((r) => setTimeout(r, 5)))
    expect(document.activeElement?.id).toBe('time-input-0')
  })

  it('a different time typed by hand: both are said, nothing is replaced without a tap', () => {
    atShots({ n1: read }, { date: '2022-01-27', time: '09:00' })
    expect(screen.getByText('从截图读到：采样 01-27 08:02 · 阴性')).toBeInTheDocument()
    expect(screen.getByText(/您填的是：01-27 09:00/)).toBeInTheDocument()
    expect(useDraft.getState().negatives[0].time).toBe('09:00')
    fireEvent.click(screen.getByRole('button', { name: /使用截图中的采样时间/ }))
    expect(useDraft.getState().negatives[0].time).toBe('08:02')
  })

  it('works in 大字模式: the same buttons, on the big page', () => {
    act(() => usePrefs.setState({ bigText: true }))
    const { container } = atShots({ n1: read })
    expect(container.firstElementChild!.className).toContain('page--big')
    expect(screen.getByRole('button', { name: /使用截图中的采样时间/ })).toHaveClass('btn')
  })
})

describe('the situation a popup suggests', () => {
  it('offers it beside another choice, 使用 switches, 不是 hides it for that screenshot', () => {
    act(() => useDraft.setState({ category: 'travel' }))
    const popup = done({ suggestedCategory: 'medicine', popupText: '您近期购买过退烧药' }, 'popup')
    act(() => {
      useDraft.setState({ popupShot: 'p1', step: 1 })
      useReadings.setState({ readings: { p1: popup } })
    })
    serve({ p1: [popup] })
    const view = render(<NewAppeal />)
    expect(screen.getByText('根据弹窗内容，可能是：购药弹窗')).toBeInTheDocument()
    expect(useDraft.getState().category).toBe('travel')
    fireEvent.click(screen.getByRole('button', { name: '不是购药弹窗' }))
    expect(screen.queryByText(/根据弹窗内容/)).not.toBeInTheDocument()
    expect(useDraft.getState().category).toBe('travel')
    view.unmount()
    act(() => useReadings.setState({ declinedSuggestion: {} }))
    render(<NewAppeal />)
    fireEvent.click(screen.getByRole('button', { name: '使用：购药弹窗' }))
    expect(useDraft.getState().category).toBe('medicine')
    expect(screen.queryByText(/根据弹窗内容/)).not.toBeInTheDocument()
  })
})

describe('warnings before submit', () => {
  const complete = { category: 'medicine' as const, popupShot: 'p1', district: '海淀区', name: '张三', idNumber: '11010519491231002X', phone: '13812345678' }
  const recent = () => {
    const t = new Date(Math.floor((Date.now() - 2 * 3600_000) / 60_000) * 60_000 + 8 * 3600_000).toISOString()
    return { date: t.slice(0, 10), time: t.slice(11, 16) }
  }

  it('a 阳性 result is said on the screenshots step and asks for one confirming tap before submit', () => {
    const positive = done({ sampledAt: '2022-01-27 08:02', result: '阳性' })
    act(() => {
      useDraft.setState({ ...complete, step: 4, negatives: [{ key: 'a', shot: 'n1', ...recent() }] })
      useReadings.setState({ readings: { n1: positive, p1: done({}, 'popup') } })
    })
    serve({ n1: [positive] })
    const view = render(<NewAppeal />)
    expect(screen.getByText(/第 1 张核酸截图的结果是“阳性”，阴性结果才能用于申诉/)).toBeInTheDocument()
    const submit = screen.getByRole('button', { name: '提交申诉' })
    expect(submit).toBeDisabled()
    fireEvent.click(screen.getByRole('checkbox', { name: /仍要提交/ }))
    expect(screen.getByRole('checkbox', { name: /仍要提交/ })).toHaveAttribute('aria-checked', 'true')
    expect(screen.getByRole('button', { name: '提交申诉' })).not.toBeDisabled()
    view.unmount()
    act(() => useDraft.setState({ step: 1 }))
    render(<NewAppeal />)
    expect(document.getElementById('reading-warnings-shots')!.textContent).toContain('阳性')
  })

  it('a name on the screenshot that is not the applicant is said on the applicant step, not before', () => {
    const other = done({ sampledAt: '2022-01-27 08:02', result: '阴性', nameMasked: '王*明' })
    act(() => {
      useDraft.setState({ ...complete, step: 3, negatives: [{ key: 'a', shot: 'n1', ...recent() }] })
      useReadings.setState({ readings: { n1: other } })
    })
    serve({ n1: [other] })
    const view = render(<NewAppeal />)
    expect(document.getElementById('reading-warnings-applicant')!.textContent).toContain('截图上的姓名（王*明）与填写的姓名不一致')
    view.unmount()
    act(() => useDraft.setState({ step: 1 }))
    const shots = render(<NewAppeal />)
    expect(document.getElementById('reading-warnings-shots')).toBeNull()
    shots.unmount()
    act(() => useDraft.setState({ step: 4 }))
    render(<NewAppeal />)
    expect(document.getElementById('reading-warnings-check')!.textContent).toContain('王*明')
    // a warning, not a gate: only a non-阴性 result asks for a tap
    expect(screen.getByRole('button', { name: '提交申诉' })).not.toBeDisabled()
  })
})
