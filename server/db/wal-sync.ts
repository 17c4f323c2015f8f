// Durability for group commit without blocking the event loop. With synchronous=FULL, SQLite fsyncs the WAL
// inside COMMIT, on the main thread (~8 ms here, every request stalls meanwhile). Group commit runs the
// writer with synchronous=NORMAL (COMMIT writes the WAL but does not sync it) and syncs the WAL file here, on
// the libuv thread pool, before any member of the batch is answered. Syncs coalesce: batches committed while
// one sync runs share the next one. fsync on any descriptor flushes the file's pages, whoever wrote them.
import fs from 'node:fs/promises'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

export class WalSync {
  private waiting: Waiter[] = []
  private running: Promise<void> | null = null
  private handle: fs.FileHandle | null = null
  syncs = 0

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  durable(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.running ??= this.drain()
    })
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      // only commits made before this sync starts are covered by it; later ones wait for the next round
      const group = this.waiting
      this.waiting = []
      try {
        this.handle ??= await fs.open(this.walPath, 'r')
        await this.handle.datasync()
        this.syncs++
        for (const w of group) w.resolve()
      } catch (err) {
        for (const w of group) w.reject(err)
      }
    }
    this.running = null
  }

  async close(): Promise<void> {
    await this.running
    await this.handle?.close()
    this.handle = null
  }
}
