import type { FastifyPluginAsync } from 'fastify'
import type { CreateAppealRequest } from '../../types/api'
import { citizenOf, requireCitizen } from '../auth/guards'
import { createAppeal, getMyAppeal, listMyAppeals, MAX_TESTS, STATEMENT_MAX } from './service'

const uploadId = { type: 'string', minLength: 1, maxLength: 64 } as const

export const createAppealSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'popupShot', 'negativeTests', 'district', 'applicant', 'statement'],
  properties: {
    category: { type: 'string', maxLength: 32 },
    popupShot: uploadId,
    negativeTests: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_TESTS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['shot', 'sampledAt'],
        properties: { shot: uploadId, sampledAt: { type: 'string', format: 'date-time' } }
      }
    },
    district: { type: 'string', maxLength: 16 },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber', 'phone'],
      properties: {
        name: { type: 'string', maxLength: 60 },
        idNumber: { type: 'string', maxLength: 32 },
        phone: { type: 'string', maxLength: 32 }
      }
    },
    statement: { type: 'string', maxLength: STATEMENT_MAX * 2 }
  }
} as const

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }
} as const

export const appealRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireCitizen)

  app.post<{ Body: CreateAppealRequest }>('/appeals', { schema: { body: createAppealSchema } }, async (req, reply) => {
    const appeal = await createAppeal(app.db.kysely, app.config, citizenOf(req).id, req.body)
    return reply.status(201).send(appeal)
  })

  app.get('/appeals', async (req) => ({ items: await listMyAppeals(app.db.kysely, citizenOf(req).id) }))

  app.get<{ Params: { id: string } }>('/appeals/:id', { schema: { params: idParams } }, async (req) =>
    getMyAppeal(app.db.kysely, citizenOf(req).id, req.params.id)
  )
}
