import { createHash, randomBytes } from 'node:crypto'

/** 32 random bytes, base64url: what the client holds. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex')
}
