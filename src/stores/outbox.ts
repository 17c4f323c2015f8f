// Submissions waiting on the phone. A submission is written here BEFORE it is sent, so an overloaded
// API (429/503), a failed network or a closed app lose nothing. Each item keeps its Idempotency-Key
// for every attempt (the server turns repeats into the same appeal) and retries with exponential backoff.
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { Appeal } from '../../types/appeal'
import type { CreateAppealRequest } from '../../types/api'
import { createAppeal } from '../services/appeals'
import { ApiError, toApiError } from '../services/errors'
import { taroJSONStorage } from '../services/storage'

export const OUTBOX_STORAGE_KEY = 'pa.outbox'
export const OUTBOX_VERSION = 1
export const BACKOFF_BASE_MS = 2_000
export const BACKOFF_MAX_MS = 5 * 60_000
export const QUEUED_MESSAGE = '已保存在手机上，网络恢复后会自动提交'

export interface OutboxItem {
  /** the Idempotency-Key, the same on every attempt */
  key: string
  request: CreateAppealRequest
  createdAt: string
  attempts: number
  /** epoch ms of the next automatic attempt */
  nextAt: number
  lastError: string | null
  /** a refusal that retrying cannot fix (e.g. validation): shown, not retried */
  failed: boolean
}

export interface SentRecord {
  appealId: string
  trackingNo: string
}

export type SendResult = { kind: 'sent'; appeal: Appeal } | { kind: 'queued' } | { kind: 'refused'; error: ApiError }

interface OutboxState {
  items: OutboxItem[]
  /** key → appeal, for items sent since the app started (not persisted) */
  sent: Record<string, SentRecord>
  enqueue: (request: CreateAppealRequest, key: string, now?: number) => void
  send: (key: string, now?: number) => Promise<SendResult>
  /** send every item that is due (or every waiting item when forced: app/page show, back online) */
  flush: (opts?: { force?: boolean; now?: number }) => Promise<number>
  remove: (key: string) => void
}

/** Exponential backoff with jitter (half fixed, half random) so phones do not retry in step. */
export function backoffMs(attempts: number, rand: () => number = Math.random): number {
  const full = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1))
  return Math.round(full / 2 + (rand() * full) / 2)
}

/** Worth retrying later: no network, overload, server trouble, or the same key still being processed. */
export function isTransient(e: ApiError): boolean {
  return e.status === 0 || e.status === 429 || e.status === 408 || e.status >= 500 || e.code === 'IDEMPOTENCY_CONFLICT'
}

const inFlight = new Set<string>()

export const useOutbox = create<OutboxState>()(
  persist(
    (set, get) => ({
      items: [],
      sent: {},
      enqueue: (request, key, now = Date.now()) =>
        set((s) =>
          s.items.some((i) => i.key === key)
            ? {}
            : {
                items: [
                  ...s.items,
                  { key, request, createdAt: new Date(now).toISOString(), attempts: 0, nextAt: now, lastError: null, failed: false }
                ]
              }
        ),
      send: async (key, now = Date.now()) => {
        const item = get().items.find((i) => i.key === key)
        if (!item) return { kind: 'refused', error: new ApiError(0, 'NOT_FOUND', '找不到待发送的申诉') }
        if (inFlight.has(key)) return { kind: 'queued' }
        inFlight.add(key)
        try {
          const appeal = await createAppeal(item.request, item.key)
          set((s) => ({
            items: s.items.filter((i) => i.key !== key),
            sent: { ...s.sent, [key]: { appealId: appeal.id, trackingNo: appeal.trackingNo } }
          }))
          return { kind: 'sent', appeal }
        } catch (e) {
          const err = toApiError(e)
          const transient = isTransient(err)
          set((s) => ({
            items: s.items.map((i) =>
              i.key === key
                ? {
                    ...i,
                    attempts: i.attempts + 1,
                    nextAt: now + backoffMs(i.attempts + 1),
                    lastError: err.message,
                    failed: !transient
                  }
                : i
            )
          }))
          return transient ? { kind: 'queued' } : { kind: 'refused', error: err }
        } finally {
          inFlight.delete(key)
        }
      },
      flush: async ({ force = false, now = Date.now() } = {}) => {
        const due = get().items.filter((i) => !i.failed && (force || i.nextAt <= now))
        let sent = 0
        for (const item of due) {
          const r = await get().send(item.key, now)
          if (r.kind === 'sent') sent++
          // the API is still unavailable: leave the rest for the next round
          else if (r.kind === 'queued') break
        }
        return sent
      },
      remove: (key) => set((s) => ({ items: s.items.filter((i) => i.key !== key) }))
    }),
    {
      name: OUTBOX_STORAGE_KEY,
      version: OUTBOX_VERSION,
      storage: taroJSONStorage<{ items: OutboxItem[] }>(),
      partialize: (s) => ({ items: s.items })
    }
  )
)

let timer: ReturnType<typeof setInterval> | null = null

/** Keep retrying in the background while the app runs (cheap when the outbox is empty). */
export function startOutboxTimer(intervalMs = 3_000): () => void {
  if (!timer) {
    timer = setInterval(() => {
      if (useOutbox.getState().items.length > 0) void useOutbox.getState().flush()
    }, intervalMs)
  }
  return () => {
    if (timer) clearInterval(timer)
    timer = null
  }
}
