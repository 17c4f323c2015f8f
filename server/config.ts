// Every setting of the API server, read from the environment once and validated at boot.
// This is the only file that reads process.env.
import path from 'node:path'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** the built H5 app, served at / when the folder exists */
  h5Dir: string
  /** optional; when set to a postgres:// URL the server uses PostgreSQL instead of SQLite */
  databaseUrl: string | null
  wechatApiBase: string
  wechatAppId: string | null
  wechatSecret: string | null
  sessionTtlHours: number
  reviewerSessionTtlHours: number
  reviewLeaseMinutes: number
  evidenceMaxAgeHours: number
  uploadMaxBytes: number
  uploadMaxPixels: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    detail: string
  ) {
    super(`Invalid setting ${setting}: ${detail}`)
    this.name = 'ConfigError'
  }
}

function str(env: Env, name: string, fallback: string): string {
  const v = env[name]
  return v === undefined || v.trim() === '' ? fallback : v.trim()
}

function optional(env: Env, name: string): string | null {
  const v = env[name]
  return v === undefined || v.trim() === '' ? null : v.trim()
}

function num(env: Env, name: string, fallback: number, opts: { min: number; max: number; integer?: boolean }): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
    throw new ConfigError(name, `expected ${opts.integer ? 'an integer' : 'a number'} between ${opts.min} and ${opts.max}, got "${raw}"`)
  }
  return n
}

function url(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback)
  try {
    const u = new URL(v)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol')
  } catch {
    throw new ConfigError(name, `expected an http(s) URL, got "${v}"`)
  }
  return v.replace(/\/+$/, '')
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export function loadConfig(env: Env = process.env): Config {
  const logLevel = str(env, 'LOG_LEVEL', 'info')
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  }
  const databaseUrl = optional(env, 'DATABASE_URL')
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// URL (leave empty for SQLite in DATA_DIR)')
  }
  const host = str(env, 'HOST', '127.0.0.1')
  if (/\s/.test(host)) throw new ConfigError('HOST', `expected a host name or address, got "${host}"`)
  return {
    port: num(env, 'PORT', 8080, { min: 0, max: 65535, integer: true }),
    host,
    dataDir: path.resolve(str(env, 'DATA_DIR', './data')),
    h5Dir: path.resolve(str(env, 'H5_DIR', 'dist/h5')),
    databaseUrl,
    wechatApiBase: url(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com'),
    wechatAppId: optional(env, 'WECHAT_APPID'),
    wechatSecret: optional(env, 'WECHAT_SECRET'),
    sessionTtlHours: num(env, 'SESSION_TTL_HOURS', 720, { min: 1, max: 24 * 366, integer: true }),
    reviewerSessionTtlHours: num(env, 'REVIEWER_SESSION_TTL_HOURS', 12, { min: 1, max: 24 * 30, integer: true }),
    reviewLeaseMinutes: num(env, 'REVIEW_LEASE_MINUTES', 10, { min: 1, max: 24 * 60, integer: true }),
    evidenceMaxAgeHours: num(env, 'EVIDENCE_MAX_AGE_HOURS', 72, { min: 1, max: 24 * 30, integer: true }),
    uploadMaxBytes: num(env, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024, { min: 1024, max: 100 * 1024 * 1024, integer: true }),
    uploadMaxPixels: num(env, 'UPLOAD_MAX_PIXELS', 40e6, { min: 1e4, max: 1e9, integer: true }),
    logLevel: logLevel as Config['logLevel']
  }
}
