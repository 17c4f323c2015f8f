// The builders of server/config.ts's SETTINGS table: each turns an environment variable into one typed,
// validated, documented setting (int / num / str / optionalStr / url / oneOf / dir / bool / addressList).
// They only parse what they are given; reading the environment stays in config.ts.
import { isIP } from 'node:net'
import path from 'node:path'

export type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    detail: string
  ) {
    super(`Invalid setting ${setting}: ${detail}`)
    this.name = 'ConfigError'
  }
}

/** One row of the settings table. */
export interface Setting<T> {
  /** environment variable */
  env: string
  /** short type shown in the docs */
  type: string
  /** the default as written in the environment ('' = unset) */
  default: string
  description: string
  /** a secret: never printed, left empty in .env.example */
  secret?: boolean
  /** raw value (trimmed; undefined when unset or blank) → typed value; throws ConfigError */
  parse: (raw: string | undefined) => T
}

export function blank(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

export function int(env: string, fallback: number, opts: { min: number; max: number }, description: string): Setting<number> {
  return numeric(env, fallback, { ...opts, integer: true }, description)
}

export function num(env: string, fallback: number, opts: { min: number; max: number }, description: string): Setting<number> {
  return numeric(env, fallback, { ...opts, integer: false }, description)
}

function numeric(
  env: string,
  fallback: number,
  opts: { min: number; max: number; integer: boolean },
  description: string
): Setting<number> {
  return {
    env,
    type: `${opts.integer ? 'integer' : 'number'} ${opts.min}–${opts.max}`,
    default: String(fallback),
    description,
    parse: (raw) => {
      if (raw === undefined) return fallback
      const n = Number(raw)
      if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
        throw new ConfigError(env, `expected ${opts.integer ? 'an integer' : 'a number'} between ${opts.min} and ${opts.max}, got "${raw}"`)
      }
      return n
    }
  }
}

export function str(env: string, fallback: string, description: string, validate?: (v: string) => string | null): Setting<string> {
  return {
    env,
    type: 'string',
    default: fallback,
    description,
    parse: (raw) => {
      const v = raw ?? fallback
      const problem = validate?.(v)
      if (problem) throw new ConfigError(env, problem)
      return v
    }
  }
}

export function optionalStr(
  env: string,
  description: string,
  opts: { secret?: boolean; validate?: (v: string) => string | null } = {}
): Setting<string | null> {
  return {
    env,
    type: opts.secret ? 'secret' : 'string',
    default: '',
    description,
    secret: opts.secret,
    parse: (raw) => {
      if (raw === undefined) return null
      const problem = opts.validate?.(raw)
      if (problem) throw new ConfigError(env, problem)
      return raw
    }
  }
}

export function url(env: string, fallback: string, description: string): Setting<string> {
  return {
    env,
    type: 'http(s) URL',
    default: fallback,
    description,
    parse: (raw) => {
      const v = raw ?? fallback
      try {
        const u = new URL(v)
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol')
      } catch {
        throw new ConfigError(env, `expected an http(s) URL, got "${v}"`)
      }
      return v.replace(/\/+$/, '')
    }
  }
}

export function oneOf<const V extends readonly string[]>(env: string, values: V, fallback: V[number], description: string): Setting<V[number]> {
  return {
    env,
    type: values.join(' \\| '),
    default: fallback,
    description,
    parse: (raw) => {
      const v = raw ?? fallback
      if (!(values as readonly string[]).includes(v)) throw new ConfigError(env, `expected one of ${values.join(', ')}, got "${v}"`)
      return v as V[number]
    }
  }
}

/** A directory, resolved against the working directory. */
export function dir(env: string, fallback: string, description: string): Setting<string> {
  return { env, type: 'path', default: fallback, description, parse: (raw) => path.resolve(raw ?? fallback) }
}

export function bool(env: string, fallback: boolean, description: string): Setting<boolean> {
  return {
    env,
    type: 'true \\| false',
    default: String(fallback),
    description,
    parse: (raw) => {
      if (raw === undefined) return fallback
      if (/^(1|true|yes|on)$/i.test(raw)) return true
      if (/^(0|false|no|off)$/i.test(raw)) return false
      throw new ConfigError(env, `expected true or false, got "${raw}"`)
    }
  }
}

/** IPv4/IPv6 address, or one with a /prefix (CIDR). */
function addressOrCidr(v: string): boolean {
  const [ip, prefix, ...rest] = v.split('/')
  const family = isIP(ip)
  if (!family || rest.length) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

/** A comma-separated list of addresses/CIDRs (and proxy-addr's names loopback, linklocal, uniquelocal). */
export function addressList(env: string, description: string): Setting<string[]> {
  return {
    env,
    type: 'addresses/CIDRs',
    default: '',
    description,
    parse: (raw) => {
      if (raw === undefined) return []
      const items = raw.split(',').map((v) => v.trim()).filter((v) => v !== '')
      for (const v of items) {
        if (!addressOrCidr(v) && !['loopback', 'linklocal', 'uniquelocal'].includes(v)) {
          throw new ConfigError(env, `expected comma-separated IP addresses or CIDRs (e.g. 10.0.0.0/8), got "${v}"`)
        }
      }
      return items
    }
  }
}
