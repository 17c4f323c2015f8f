// Structured JSON logs (pino through Fastify) with a request id on every request line, returned to the
// client in X-Request-Id and in error bodies; secrets and personal data are redacted.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyServerOptions } from 'fastify'
import type { Config } from '../config'

export const REQUEST_ID_HEADER = 'x-request-id'

/** An incoming id is kept when it looks like an id (a proxy's or the app's), never when it could carry junk. */
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/

export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER]
  const v = Array.isArray(incoming) ? incoming[0] : incoming
  return v && SANE_ID.test(v) ? v : randomUUID()
}

/** Never let a token reach the log through the file route's ?token=. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&]*/gi, '$1[REDACTED]')
}

/** pino redact paths: credentials in headers, and the applicant's personal data wherever a body is logged. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  '*.token',
  'idNumber',
  'phone',
  '*.idNumber',
  '*.phone',
  ...['name', 'idNumber', 'phone'].flatMap((f) => [
    `applicant.${f}`,
    `*.applicant.${f}`,
    `body.applicant.${f}`,
    `*.body.applicant.${f}`,
    `body.${f}`
  ])
]

/** Fastify's logger and request-id options. `stream` lets a test read the log lines. */
export function loggingOptions(
  config: Pick<Config, 'logLevel'>,
  stream?: NodeJS.WritableStream
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    requestIdHeader: false,
    genReqId: requestIdFor,
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(stream ? { stream } : {}),
            redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
            serializers: {
              // method and path only: no headers, no bodies
              req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) })
            }
          }
  }
}
