// 「弹窗还在」: the citizen reopens an approved appeal whose popup still shows, once the operator has answered
// or has let STILL_POPPED_WAIT_HOURS pass; the appeal goes back to the head of its district's queue.
import type { AppealStatus } from '../../types/appeal'
import { canTransition } from '../../src/domain/transitions'
import { formatDateTime } from '../../src/domain/time'
import type { Config } from '../config'
import type { Db } from '../db/dialect'
import { AppError } from '../errors'
import { applyTransition, NO_DECISION, UNCLAIMED } from '../appeals/transition'
import { toAppeal } from '../appeals/view'
import { ownRow } from '../appeals/service'
import { CORRECTION_NOTES, OPEN_STATUSES, STILL_POPPED_TIER } from './service'
import { latestCorrection, stillPoppedAvailableAt } from './view'

const HOUR = 3600_000

/**
 * The citizen says the popup still shows: allowed once the correction is cleared, or STILL_POPPED_WAIT_HOURS
 * after its hand-over without an answer. The appeal goes back to the head of the queue (flag stillPopped);
 * an unanswered attempt leaves the feed; the next approval hands over attempt + 1.
 */
export async function stillPopped(db: Db, config: Config, citizenId: string, id: string, note: string | null | undefined) {
  const now = new Date()
  const at = now.toISOString()
  const cleanNote = note?.trim() || null
  return db.kysely.transaction().execute(async (trx) => {
    const current = await ownRow(trx, citizenId, id)
    const status = current.status as AppealStatus
    if (!canTransition(status, 'still_popped')) throw new AppError('TRANSITION_NOT_ALLOWED')
    const c = await latestCorrection(trx, id)
    const from = c ? stillPoppedAvailableAt(c) : null
    if (!c || !from) {
      throw new AppError('STILL_POPPED_TOO_SOON', {
        message: c?.status === 'not_cleared' ? '健康宝运营方未能解除，工作人员正在核实处理，请留意通知' : '申诉尚未转交健康宝运营方，转交 24 小时后仍弹窗可再反馈'
      })
    }
    if (Date.parse(from) > now.getTime()) {
      throw new AppError('STILL_POPPED_TOO_SOON', { message: `转交健康宝运营方 24 小时后才可反馈弹窗仍在，请于 ${formatDateTime(from)} 后再试` })
    }
    const row = await applyTransition(trx, { id, status }, 'still_popped', { type: 'citizen', id: citizenId }, {
      now,
      note: cleanNote ? `${CORRECTION_NOTES.still_popped}：${cleanNote}` : CORRECTION_NOTES.still_popped,
      patch: {
        still_popped_at: at,
        priority: STILL_POPPED_TIER,
        retier_at: null,
        ...UNCLAIMED,
        ...NO_DECISION,
        due_at: new Date(now.getTime() + config.slaHours * HOUR).toISOString()
      }
    })
    if (!row) throw new AppError('TRANSITION_NOT_ALLOWED')
    // an attempt nobody answered leaves the feed; a cleared one stays as history
    await trx.updateTable('corrections').set({ status: 'superseded' }).where('appeal_id', '=', id).where('status', 'in', [...OPEN_STATUSES]).execute()
    return toAppeal(trx, row, { mask: true, now, config })
  })
}
