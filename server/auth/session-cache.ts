// Session look-ups from memory between two touches (TOUCH_INTERVAL_MS): a poll every few seconds would
// otherwise read the sessions table on every request. The entry goes when the change feed reports the
// session deleted or changed (logout, a disabled reviewer, expiry moved, the retention sweep) in any process,
// so revocation holds as soon as the feed is read — on SQLite before the next request's answer, on
// PostgreSQL within the NOTIFY's delay. Without a listening feed nothing is served from here.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { feedOf, type ChangeFeed } from '../appeals/change-feed'

export interface CachedSession {
  kind: 'citizen' | 'reviewer'
  subjectId: string
  /** absolute expiry, ms */
  expiresAt: number
  /** last touch, ms: the entry is used only while a touch is not yet due */
  lastSeen: number
}

const MAX_ENTRIES = 100_000

/** One look-up of a session in flight: a change seen meanwhile voids it (it may have read the older row). */
export interface SessionLookup {
  voided: boolean
}

export class SessionCache {
  private entries = new Map<string, CachedSession>()
  /**
   * Look-ups in flight, per token hash. Every look-up no change voided may remember what it read: two
   * requests of one client that overlap must not void each other. A look-up that finds nothing (a wrong or
   * expired token) or fails leaves nothing here, so random tokens cannot grow this map.
   */
  private loading = new Map<string, Set<SessionLookup>>()

  constructor(private readonly feed: ChangeFeed) {
    feed.subscribe({
      session: (hash) => this.forget(hash),
      reset: () => {
        this.entries.clear()
        for (const lookups of this.loading.values()) for (const l of lookups) l.voided = true
        this.loading.clear()
      }
    })
  }

  async get(hash: string, now: number, touchMs: number): Promise<CachedSession | null> {
    if (!this.entries.has(hash) || !(await this.feed.fence())) return null
    const e = this.entries.get(hash)
    if (!e) return null
    if (now >= e.expiresAt || now - e.lastSeen > touchMs) {
      this.entries.delete(hash)
      return null
    }
    return e
  }

  /** Call before reading the session; then remember() what was read, or abandon() (always safe to call). */
  begin(hash: string): SessionLookup {
    const lookup: SessionLookup = { voided: !this.feed.sync() }
    if (!lookup.voided) {
      const lookups = this.loading.get(hash)
      if (lookups) lookups.add(lookup)
      else this.loading.set(hash, new Set([lookup]))
    }
    return lookup
  }

  abandon(hash: string, lookup: SessionLookup): void {
    const lookups = this.loading.get(hash)
    if (!lookups) return
    lookups.delete(lookup)
    if (lookups.size === 0) this.loading.delete(hash)
  }

  remember(hash: string, lookup: SessionLookup, s: CachedSession): void {
    this.abandon(hash, lookup)
    if (lookup.voided) return
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(hash, s)
  }

  forget(hash: string): void {
    this.entries.delete(hash)
    const lookups = this.loading.get(hash)
    if (lookups) for (const l of lookups) l.voided = true
    this.loading.delete(hash)
  }
}

const caches = new WeakMap<ChangeFeed, SessionCache>()

/** The cache of this database handle's API process; undefined without a change feed (CLIs, scripts). */
export function sessionCacheOf(db: Kysely<Database>): SessionCache | undefined {
  const feed = feedOf(db)
  if (!feed) return undefined
  let c = caches.get(feed)
  if (!c) caches.set(feed, (c = new SessionCache(feed)))
  return c
}
