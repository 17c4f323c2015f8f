import type { AppealStatus } from '../../types/appeal'
import { allowedActions, canTransition, citizenActions, isClosed, nextStatus, OUTCOME_ACTIONS, type AppealAction } from '../../src/domain/transitions'

const ACTIONS: AppealAction[] = [
  'claim', 'release', 'expire_lease', 'approve', 'reject', 'request_info', 'supplement', 'withdraw', 'self_clear', 'timeout_needs_info',
  'still_popped', 'reopen', 'correction_reject'
]

// The whole table, written out: anything not listed is forbidden.
const EXPECTED: Record<AppealStatus, Partial<Record<AppealAction, AppealStatus>>> = {
  queued: { claim: 'in_review', withdraw: 'withdrawn', self_clear: 'withdrawn' },
  in_review: { self_clear: 'withdrawn', release: 'queued', expire_lease: 'queued', approve: 'approved', reject: 'rejected', request_info: 'needs_info' },
  needs_info: { supplement: 'queued', withdraw: 'withdrawn', self_clear: 'withdrawn', timeout_needs_info: 'rejected' },
  approved: { still_popped: 'queued', reopen: 'in_review', correction_reject: 'rejected' },
  rejected: {},
  withdrawn: {}
}

describe('the transition table', () => {
  for (const status of Object.keys(EXPECTED) as AppealStatus[]) {
    for (const action of ACTIONS) {
      const to = EXPECTED[status][action] ?? null
      it(`${status} --${action}--> ${to ?? '(forbidden)'}`, () => {
        expect(nextStatus(status, action)).toBe(to)
        expect(canTransition(status, action)).toBe(to !== null)
      })
    }
  }

  it('lists the allowed actions per status (the buttons the app shows)', () => {
    expect(allowedActions('queued').sort()).toEqual(['claim', 'self_clear', 'withdraw'])
    expect(allowedActions('in_review').sort()).toEqual(['approve', 'expire_lease', 'reject', 'release', 'request_info', 'self_clear'])
    expect(allowedActions('needs_info').sort()).toEqual(['self_clear', 'supplement', 'timeout_needs_info', 'withdraw'])
  })

  it('gives the citizen the buttons their status allows', () => {
    expect(citizenActions('queued').sort()).toEqual(['self_clear', 'urge', 'withdraw'])
    expect(citizenActions('in_review').sort()).toEqual(['self_clear', 'urge'])
    expect(citizenActions('needs_info').sort()).toEqual(['self_clear', 'supplement', 'withdraw'])
    // 「弹窗还在」 on approved (its timing comes from appeal.correction); never withdraw after an approval
    expect(citizenActions('approved')).toEqual(['rate', 'still_popped'])
    for (const closed of ['rejected', 'withdrawn'] as const) expect(citizenActions(closed)).toEqual(['rate'])
  })

  it('treats approved, rejected and withdrawn as closed, the rest as open', () => {
    expect(isClosed('approved')).toBe(true)
    expect(isClosed('rejected')).toBe(true)
    expect(isClosed('withdrawn')).toBe(true)
    expect(isClosed('queued')).toBe(false)
    expect(isClosed('in_review')).toBe(false)
    expect(isClosed('needs_info')).toBe(false)
  })

  it('maps each reviewer outcome to an action allowed only while in review', () => {
    for (const [outcome, action] of Object.entries(OUTCOME_ACTIONS)) {
      expect(nextStatus('in_review', action)).toBe(outcome)
      expect(canTransition('queued', action)).toBe(false)
    }
  })
})
