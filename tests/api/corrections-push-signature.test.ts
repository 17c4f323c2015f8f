// The receiver's side of X-Signature (server/corrections/signing.ts): what an operator must accept and refuse.
import { createHmac } from 'node:crypto'
import { newSigningSecret, REPLAY_WINDOW_SECONDS, signatureHeader, signManifest, verifyManifest, verifySignature } from '../../server/corrections/signing'

const secret = newSigningSecret()
const body = JSON.stringify({ id: 'c1', trackingNo: 'BJ-1', person: { name: '张三' } })
const t = 1_700_000_000

describe('webhook signature', () => {
  it('is an HMAC-SHA256 over "<t>.<body>" that a receiver can recompute independently', () => {
    const header = signatureHeader(secret, body, t)
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
    expect(header).toBe(`t=${t},v1=${expected}`)
    expect(verifySignature(secret, header, body, { nowSeconds: t + 10 })).toEqual({ ok: true, t })
  })

  it('refuses a tampered body, a changed timestamp and another secret', () => {
    const header = signatureHeader(secret, body, t)
    expect(verifySignature(secret, header, body.replace('张三', '李四'), { nowSeconds: t })).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, { nowSeconds: t })).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySignature(newSigningSecret(), header, body, { nowSeconds: t })).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('refuses a signature older (or newer) than the 5-minute replay window, even a correct one', () => {
    expect(REPLAY_WINDOW_SECONDS).toBe(300)
    const header = signatureHeader(secret, body, t)
    expect(verifySignature(secret, header, body, { nowSeconds: t + 300 }).ok).toBe(true)
    expect(verifySignature(secret, header, body, { nowSeconds: t + 301 })).toEqual({ ok: false, reason: 'stale' })
    expect(verifySignature(secret, header, body, { nowSeconds: t - 301 })).toEqual({ ok: false, reason: 'stale' })
  })

  it('refuses malformed headers and accepts any of several v1 entries (rotation)', () => {
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, `t=x,v1=${'0'.repeat(64)}`, `t=${t},v1=${'z'.repeat(64)}`, `t=${t},t=${t},v1=${'0'.repeat(64)}`, 'garbage']) {
      expect(verifySignature(secret, bad, body, { nowSeconds: t })).toEqual({ ok: false, reason: 'malformed' })
    }
    const good = signatureHeader(secret, body, t)
    const rotated = `t=${t},v1=${'0'.repeat(64)},${good.split(',')[1]},v2=future`
    expect(verifySignature(secret, rotated, body, { nowSeconds: t }).ok).toBe(true)
  })
})

describe('batch manifest signature', () => {
  const m = { format: 'popup-appeal.corrections.v1', batchId: 'b1', operator: 'bjhc', createdAt: '2025-01-01T00:00:00.000Z', count: 2, sha256: 'a'.repeat(64) }
  it('covers every field: changing any one breaks it', () => {
    const signature = signManifest(secret, m)
    expect(verifyManifest(secret, { ...m, signature })).toBe(true)
    expect(verifyManifest(secret, { ...m, count: 3, signature })).toBe(false)
    expect(verifyManifest(secret, { ...m, sha256: 'b'.repeat(64), signature })).toBe(false)
    expect(verifyManifest(secret, { ...m, operator: 'other', signature })).toBe(false)
    expect(verifyManifest(newSigningSecret(), { ...m, signature })).toBe(false)
    expect(verifyManifest(secret, { ...m, signature: 'nonsense' })).toBe(false)
  })
})
