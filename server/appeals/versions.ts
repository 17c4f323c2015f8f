// The citizen's status poll answered from memory: per appeal, its owner, its version (appeals.version,
// migration 010) and the few fields the time-dependent parts of the view are computed from. An entry lives
// until the change feed says the appeal changed; a poll whose If-None-Match equals the ETag computed from
// the entry gets 304 without a query and without decrypting anything.
//
// The ETag covers exactly what can change the body: the version (every write the citizen could see), the
// overdue flag (time), the queue position and ETA (other appeals moving), and is bound to the owner, so it
// says nothing to anyone else and never matches for them (their request takes the full path: 404).
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Appeal, QueueInfo } from '../../types/appeal'
import type { AppealRow, Database } from '../db/schema'
import type { ChangeFeed } from './change-feed'
import { queueInfo } from './position'
import { isOverdue } from './view'

export type VersionFields = Pick<AppealRow, 'id' | 'citizen_id' | 'version' | 'status' | 'due_at' | 'district' | 'priority' | 'created_at'>

interface Entry {
  owner: string
  fields: VersionFields
  /** the last ETag handed out and what it was computed from: a poll that finds the same inputs reuses it */
  memoKey: string
  memoEtag: string
}

/** entries kept per process: a wave's worth of open appeals; the oldest go first */
const MAX_ENTRIES = 200_000
/** masked views kept per process (~1–2 KB each): the most recently read ones */
const MAX_VIEWS = 20_000

export interface LoadToken {
  readonly id: string
  voided: boolean
}

/** What the poll answers from memory: the ETag, and the view's time-dependent parts computed now. */
export interface CachedState {
  etag: string
  overdue: boolean
  queue: QueueInfo | null
}

/** What may change between two polls of one entry (the rest is fixed by the entry's version). */
const varying = (overdue: boolean, queue: QueueInfo | null): string => `${overdue ? 1 : 0}|${queue ? `${queue.position}/${queue.etaMinutes}` : '-'}`

export function etagOf(f: VersionFields, overdue: boolean, queue: QueueInfo | null): string {
  const h = createHash('sha256').update(`${f.id}|${f.citizen_id}|${String(f.version)}|${varying(overdue, queue)}`).digest('base64url')
  return `"${h.slice(0, 27)}"`
}

export class AppealVersions {
  private entries = new Map<string, Entry>()
  /** the masked view last read for an entry (the citizen's own, as the poll serves it): a full poll of an
   *  unchanged appeal then needs no query and no decryption. Kept only beside its entry, dropped with it. */
  private views = new Map<string, Appeal>()
  /**
   * Loads in flight, per appeal: a change seen after one started voids it (it may have read the older state).
   * Every load that no change voided may remember what it read: polls of one appeal that overlap (a citizen
   * on two phones, a client retrying) must not void each other, or a busy appeal would never be cached.
   */
  private loading = new Map<string, Set<LoadToken>>()

  constructor(private readonly feed: ChangeFeed) {
    feed.subscribe({
      appeal: (id) => {
        this.entries.delete(id)
        this.views.delete(id)
        this.voidLoads(this.loading.get(id))
        this.loading.delete(id)
      },
      reset: () => {
        this.entries.clear()
        this.views.clear()
        for (const loads of this.loading.values()) this.voidLoads(loads)
        this.loading.clear()
      }
    })
  }

  /**
   * The ETag to compare with If-None-Match, from memory; null when the full path must answer (not cached,
   * not this citizen's, the feed not listening, or a queue position that would need counting).
   */
  async cachedEtag(db: Kysely<Database>, citizenId: string, id: string, snapshotMs: number, now = new Date()): Promise<string | null> {
    return (await this.cached(db, citizenId, id, snapshotMs, now))?.etag ?? null
  }

  /** The cached state of the citizen's appeal (see cachedEtag), or null. */
  async cached(db: Kysely<Database>, citizenId: string, id: string, snapshotMs: number, now = new Date()): Promise<CachedState | null> {
    if (!this.entries.has(id) || !(await this.feed.fence())) return null
    const e = this.entries.get(id)
    if (!e || e.owner !== citizenId) return null
    const f = e.fields
    let queue: QueueInfo | null = null
    if (f.status === 'queued') {
      // exact counting is a query per poll; only the shared per-district snapshot is cheap enough
      if (snapshotMs <= 0) return null
      queue = await queueInfo(db, f as AppealRow, now, snapshotMs)
      if (this.entries.get(id) !== e) return null
    }
    const overdue = isOverdue(f, now)
    const key = varying(overdue, queue)
    if (key !== e.memoKey) {
      e.memoKey = key
      e.memoEtag = etagOf(f, overdue, queue)
    }
    return { etag: e.memoEtag, overdue, queue }
  }

  /**
   * The masked view remembered with the entry cached() just answered from, with its time-dependent parts
   * (overdue, queue) taken from that answer; null when none is kept. It is as fresh as the ETag: both go
   * when the change feed says the appeal changed.
   */
  viewOf(id: string, state: CachedState): Appeal | null {
    const view = this.views.get(id)
    return view ? { ...view, overdue: state.overdue, queue: state.queue } : null
  }

  private keepView(id: string, view: Appeal): void {
    if (this.views.size >= MAX_VIEWS) this.views.delete(this.views.keys().next().value as string)
    this.views.set(id, view)
  }

  /**
   * Cold reads running, per citizen and appeal. Polls that miss while one runs wait for it and then look in
   * memory again (through cached(), so every freshness rule still applies) instead of each starting a read of
   * their own: when a process starts, or an appeal has just changed, a burst of polls would otherwise queue
   * hundreds of identical reads on the database (measured on PostgreSQL: ~3,000 per process in a 10 s poll
   * load over 200 appeals, holding the full poll to half its rate).
   */
  private reads = new Map<string, Promise<unknown>>()

  /** The cold read of this citizen's appeal already running, if any. */
  readRunning(citizenId: string, id: string): Promise<unknown> | undefined {
    return this.reads.get(`${citizenId}|${id}`)
  }

  /** Runs a cold read, letting polls that miss meanwhile wait for it (readRunning). */
  async coldRead<T>(citizenId: string, id: string, read: () => Promise<T>): Promise<T> {
    const key = `${citizenId}|${id}`
    const running = read()
    this.reads.set(key, running)
    try {
      return await running
    } finally {
      if (this.reads.get(key) === running) this.reads.delete(key)
    }
  }

  private voidLoads(loads: Set<LoadToken> | undefined): void {
    if (loads) for (const t of loads) t.voided = true
  }

  /** Call before reading the appeal; pass the token to remember(), or to abandon() when the read fails. */
  begin(id: string): LoadToken {
    const token: LoadToken = { id, voided: !this.feed.sync() }
    if (!token.voided) {
      const loads = this.loading.get(id)
      if (loads) loads.add(token)
      else this.loading.set(id, new Set([token]))
    }
    return token
  }

  /** The read failed (not found, not this citizen's, a database error): forget the load. */
  abandon(token: LoadToken): void {
    const loads = this.loading.get(token.id)
    if (!loads) return
    loads.delete(token)
    if (loads.size === 0) this.loading.delete(token.id)
  }

  remember(token: LoadToken, f: VersionFields, view?: Appeal): void {
    this.abandon(token)
    if (token.voided || token.id !== f.id) return
    const kept = this.entries.get(f.id)
    if (kept && kept.owner === f.citizen_id && String(kept.fields.version) === String(f.version)) {
      // the same state read again: keep the entry object, so polls awaiting the queue snapshot on it (which
      // check that their entry is still the current one) are not sent down the cold path
      if (view && !this.views.has(f.id)) this.keepView(f.id, view)
      return
    }
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
      this.views.delete(oldest)
    }
    this.entries.delete(f.id)
    this.views.delete(f.id)
    if (view) this.keepView(f.id, view)
    this.entries.set(f.id, {
      owner: f.citizen_id,
      fields: {
        id: f.id,
        citizen_id: f.citizen_id,
        version: f.version,
        status: f.status,
        due_at: f.due_at,
        district: f.district,
        priority: f.priority,
        created_at: f.created_at
      },
      memoKey: '',
      memoEtag: ''
    })
  }
}
