// Structured JSON logs (pino through Fastify) with a request id on every request line, returned to the
// client in X-Request-Id and in error bodies; secrets and personal data are redacted.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from '../config'

export const REQUEST_ID_HEADER = 'x-request-id'

/** An incoming id is kept when it looks like an id (a proxy's or the app's), never when it could carry junk. */
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/

export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER]
  const v = Array.isArray(incoming) ? incoming[0] : incoming
  return v && SANE_ID.test(v) ? v : randomUUID()
}

/** Never let a token reach the log: the file route's ?token=, and the receipt token in /verify/<token>. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|access_token|code)=)[^&#]*/gi, '$1[REDACTED]')
    .replace(/^(\/verify\/)[^/?#]+/i, '$1[REDACTED]')
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
  'password',
  '*.password',
  'body.password',
  'openid',
  '*.openid',
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
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController' | 'childLoggerFactory'> {
  return {
    requestIdHeader: false,
    // Fastify's two synchronous JSON lines per request ("incoming request", "request completed") were ~8% of
    // the CPU of a status poll (pino + redaction, bench/ profile); registerRequestLog logs the ones worth reading
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdFor,
    childLoggerFactory: (logger, bindings, opts) => new LazyRequestLogger(logger, bindings, opts) as unknown as FastifyBaseLogger,
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

/**
 * One line per request worth reading — every 4xx/5xx and every request slower than LOG_SLOW_REQUEST_MS
 * (all of them at LOG_LEVEL=debug) — with the request id (req.log is the request's child logger),
 * method and redacted path, status and time. A 200 status poll writes nothing.
 */
export function registerRequestLog(app: FastifyInstance, slowMs: number): void {
  app.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode
    const ms = reply.elapsedTime
    const slow = slowMs > 0 && ms >= slowMs
    // a load-shedding 503 (with Retry-After) is already summed up in one line a second (ops/under-pressure.ts);
    // a line per shed request would cost the CPU the shedding is there to save
    const shed = status === 503 && reply.hasHeader('retry-after')
    if ((status >= 400 && !shed) || slow) {
      const level = status >= 500 ? 'error' : slow ? 'warn' : 'info'
      req.log[level]({ req, res: { statusCode: status }, responseTime: ms }, slow ? 'slow request' : 'request completed')
    } else if (req.log.level === 'debug' || req.log.level === 'trace') {
      req.log.debug({ req, res: { statusCode: status }, responseTime: ms }, 'request completed')
    }
    done()
  })
}

type LogMethod = (...args: unknown[]) => void
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/**
 * req.log, made only when the request logs something. Most requests log nothing (registerRequestLog), and
 * making pino's child logger for each one (bindings serialised, redaction prepared) was ~4% of a 304 poll's CPU.
 */
export class LazyRequestLogger {
  private made: FastifyBaseLogger | null = null
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly own: Record<string, unknown>,
    private readonly opts: { level?: string }
  ) {}
  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.own, this.opts as Parameters<FastifyBaseLogger['child']>[1]))
  }
  get level(): string {
    return this.made?.level ?? this.opts.level ?? this.parent.level
  }
  set level(level: string) {
    this.real.level = level
  }
  private call(level: Level, args: unknown[]): void {
    ;(this.real[level] as unknown as LogMethod).apply(this.real, args)
  }
  fatal(...args: unknown[]): void {
    this.call('fatal', args)
  }
  error(...args: unknown[]): void {
    this.call('error', args)
  }
  warn(...args: unknown[]): void {
    this.call('warn', args)
  }
  info(...args: unknown[]): void {
    this.call('info', args)
  }
  debug(...args: unknown[]): void {
    this.call('debug', args)
  }
  trace(...args: unknown[]): void {
    this.call('trace', args)
  }
  silent(): void {}
  child(bindings: Record<string, unknown>, opts?: Parameters<FastifyBaseLogger['child']>[1]): FastifyBaseLogger {
    return this.real.child(bindings, opts)
  }
  bindings(): Record<string, unknown> {
    return this.made ? (this.made as unknown as { bindings(): Record<string, unknown> }).bindings() : { ...this.own }
  }
}
