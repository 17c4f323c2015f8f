import type { NeedByReason } from '../../types/appeal'

export const NEED_BY_LABELS: Record<NeedByReason, string> = {
  train: '乘火车',
  flight: '乘飞机',
  exam: '参加考试',
  hospital: '去医院就医',
  work: '上班'
}
