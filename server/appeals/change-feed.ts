// Which appeals and sessions changed, in every API process, so their caches (server/appeals/versions.ts,
// server/auth/session-cache.ts) can answer from memory and still never serve what another process changed.
// The database tells (migration 010's triggers); this module listens.
//
// SQLite: a second, read-only connection. PRAGMA data_version moves when any other connection — this
// process's own writer included — has committed; only then are the new change_feed rows read. A check is
// shared by the requests handled in one turn of the event loop: a client that saw a write acknowledged sends
// its next request in a later turn, so it is always checked after that commit.
// PostgreSQL: LISTEN change_feed on a dedicated connection; the triggers NOTIFY at commit. The caches answer
// only while that connection is listening, and after a fence (below); losing it drops them (a missed notification must not leave a
// stale entry behind).
import SQLite from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import type { Db } from '../db/dialect'
import type { Database } from '../db/schema'

export interface ChangeListener {
  appeal?: (appealId: string, ownerId: string | null) => void
  session?: (tokenHash: string) => void
  /** the feed may have missed changes: forget everything */
  reset?: () => void
}

export interface ChangeFeed {
  /** Applies what was committed up to now; false when the caches must not answer (feed not listening). */
  sync(): boolean
  /**
   * Like sync, and on PostgreSQL also waits for every notification of a commit acknowledged before the call:
   * a cache may answer from memory only after it.
   */
  fence(): Promise<boolean>
  subscribe(l: ChangeListener): void
  close(): Promise<void>
}

const feeds = new WeakMap<Kysely<Database>, ChangeFeed>()

/** The feed of this database handle, if the API started one (CLIs and scripts have none: no caching). */
export function feedOf(db: Kysely<Database>): ChangeFeed | undefined {
  return feeds.get(db)
}

export async function startFeed(db: Db, opts: { databaseUrl: string | null }): Promise<ChangeFeed> {
  const existing = feeds.get(db.kysely)
  if (existing) return existing
  const feed = db.dialect === 'postgres' ? await pgFeed(opts.databaseUrl!) : await sqliteFeed(db.kysely)
  feeds.set(db.kysely, feed)
  return feed
}

class Listeners {
  private list: ChangeListener[] = []
  subscribe(l: ChangeListener): void {
    this.list.push(l)
  }
  appeal(id: string, owner: string | null): void {
    for (const l of this.list) l.appeal?.(id, owner)
  }
  session(hash: string): void {
    for (const l of this.list) l.session?.(hash)
  }
  reset(): void {
    for (const l of this.list) l.reset?.()
  }
  apply(kind: string, ref: string, owner: string | null): void {
    if (kind === 'a') this.appeal(ref, owner)
    else if (kind === 's') this.session(ref)
  }
}

async function sqliteFeed(kysely: Kysely<Database>): Promise<ChangeFeed> {
  // the writer's own file, whatever the config says: watching another file would serve stale answers
  const list = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(kysely)
  const file = list.rows.find((r) => r.name === 'main')?.file
  if (!file) return disabledFeed() // an in-memory database has no other process to hear from
  const conn = new SQLite(file, { readonly: true, fileMustExist: true })
  const dataVersion = conn.prepare('PRAGMA data_version').pluck()
  const since = conn.prepare('SELECT id, kind, ref, owner FROM change_feed WHERE id > ? ORDER BY id')
  const listeners = new Listeners()
  let seen = dataVersion.get() as number
  let cursor = Number(conn.prepare('SELECT coalesce(max(id), 0) FROM change_feed').pluck().get())
  let checkedThisTurn = false
  let healthy = true
  const feed: ChangeFeed = {
    subscribe: (l) => listeners.subscribe(l),
    sync() {
      if (checkedThisTurn) return healthy
      checkedThisTurn = true
      setImmediate(() => (checkedThisTurn = false))
      try {
        const now = dataVersion.get() as number
        if (now !== seen) {
          const rows = since.all(cursor) as { id: number; kind: string; ref: string; owner: string | null }[]
          // rows are consecutive; a hole means the feed was trimmed past us (FEED_KEEP)
          if (rows.length > 0 && rows[0].id !== cursor + 1) listeners.reset()
          for (const r of rows) listeners.apply(r.kind, r.ref, r.owner)
          if (rows.length > 0) cursor = rows[rows.length - 1].id
          seen = now
        }
        healthy = true
      } catch {
        listeners.reset()
        healthy = false
      }
      return healthy
    },
    fence: () => Promise.resolve(feed.sync()),
    close: async () => {
      conn.close()
    }
  }
  return feed
}

async function pgFeed(url: string): Promise<ChangeFeed> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg')
  const listeners = new Listeners()
  let listening = false
  let closed = false
  let client: InstanceType<typeof Client> | null = null
  let retry: NodeJS.Timeout | null = null

  const lost = () => {
    if (listening) listeners.reset()
    listening = false
    client?.removeAllListeners()
    client?.end().catch(() => {})
    client = null
    if (!closed && !retry) retry = setTimeout(() => void connect(), 1000)
  }
  const connect = async () => {
    retry = null
    const c = new Client({ connectionString: url })
    client = c
    c.on('error', lost)
    c.on('end', lost)
    c.on('notification', (n) => {
      const [kind, ref, owner] = (n.payload ?? '').split(':')
      listeners.apply(kind, ref, owner ?? null)
    })
    try {
      await c.connect()
      await c.query('LISTEN change_feed')
      if (closed) return void c.end().catch(() => {})
      // changes made while nobody listened are unknown: start from nothing
      listeners.reset()
      listening = true
    } catch {
      lost()
    }
  }
  // A round trip on the listening connection: PostgreSQL sends the notifications already queued for it
  // before that query's answer, so after it every commit acknowledged before the round trip began has been
  // applied (NOTIFY alone arrives tens of ms late on a busy machine). Polls arriving together share one.
  let running: Promise<boolean> | null = null
  let waiting: Promise<boolean> | null = null
  const roundTrip = (): Promise<boolean> => {
    const c = client
    if (!listening || !c) return Promise.resolve(false)
    const p: Promise<boolean> = c.query('SELECT 1').then(
      () => listening && client === c,
      () => false
    )
    running = p
    void p.then(() => {
      if (running === p) running = null
    })
    return p
  }
  await connect()
  return {
    subscribe: (l) => listeners.subscribe(l),
    sync: () => listening,
    fence() {
      if (!running) return roundTrip()
      // the one in flight may have been sent before this call's commits were acknowledged: wait for the next
      if (!waiting) {
        waiting = running.then(() => {
          waiting = null
          return roundTrip()
        })
      }
      return waiting
    },
    close: async () => {
      closed = true
      listening = false
      if (retry) clearTimeout(retry)
      const c = client
      client = null
      c?.removeAllListeners()
      c?.on('error', () => {})
      await c?.end().catch(() => {})
    }
  }
}

function disabledFeed(): ChangeFeed {
  return { sync: () => false, fence: async () => false, subscribe: () => {}, close: async () => {} }
}
