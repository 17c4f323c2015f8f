// Response schema of GET /uploads/:id (types/reading.ts UploadInfoResponse): documents the contract in the
// OpenAPI page and serialises only these properties, so nothing else on the row can ever leak into it.
import { CATEGORIES } from '../../types/appeal'
import { READING_KINDS, READING_STATUSES } from '../../types/reading'

const text = { type: 'string' } as const

export const uploadInfoResponse = {
  type: 'object',
  required: ['id', 'width', 'height', 'bytes', 'reading'],
  properties: {
    id: text,
    width: { type: 'integer' },
    height: { type: 'integer' },
    bytes: { type: 'integer' },
    reading: {
      type: 'object',
      required: ['status', 'kind', 'fields'],
      properties: {
        status: { type: 'string', enum: [...READING_STATUSES] },
        kind: { type: 'string', enum: [...READING_KINDS] },
        // every field optional: one the reader was not sure of is left out
        fields: {
          type: 'object',
          properties: {
            sampledAt: { ...text, description: '采样时间（北京时间 YYYY-MM-DD HH:mm）' },
            testedAt: { ...text, description: '检测时间（北京时间 YYYY-MM-DD HH:mm）' },
            result: { ...text, description: '检测结果：阴性 / 阳性 / 识别到的原文' },
            nameMasked: { ...text, description: '截图上打码的姓名' },
            idMasked: { ...text, description: '截图上打码的证件号' },
            institution: { ...text, description: '检测机构' },
            popupText: { ...text, description: '弹窗文字' },
            popupCode: { ...text, description: '弹窗编号（数字）' },
            shownAt: { ...text, description: '弹窗时间（北京时间 YYYY-MM-DD HH:mm）' },
            suggestedCategory: { type: 'string', enum: [...CATEGORIES] }
          }
        }
      }
    }
  }
} as const
