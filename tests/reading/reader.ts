// The reader the harness measures: the server's own pool (server/reading/pool.ts) with one child, the code
// that reads uploads in production, so the figures are the server's. Warmed before the first timed read.
import { readFileSync } from 'node:fs'
import type { RecognisedLine } from '../../types/reading'
import { createReaderPool } from '../../server/reading/pool'

export interface HarnessReader {
  read(image: Buffer): Promise<RecognisedLine[]>
  /** CPU time the reader's child has used so far (Linux /proc; 0 elsewhere): on a loaded machine wall time
   *  says more about the neighbours than about the reader */
  cpuMs(): number
  close(): Promise<void>
}

/** utime + stime of a process in ms, from /proc/<pid>/stat (clock ticks of 10 ms on Linux) */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name may hold spaces: fields are counted after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

export async function openReader(opts: { maxWidth: number }): Promise<HarnessReader> {
  const pool = createReaderPool({ workers: 1, timeoutMs: 60_000, maxWidth: opts.maxWidth })
  // The pool lets go of an idle child so a server can end; a script whose only work is the pool would end
  // with it (silently, exit 0), even inside close() while it waits for the child to exit. Held while we live.
  const hold = setInterval(() => undefined, 60_000)
  await pool.warm()
  return {
    read: (image) => pool.read(image),
    cpuMs: () => pool.pids().reduce((sum, pid) => sum + processCpuMs(pid), 0),
    close: async () => {
      try {
        await pool.close()
      } finally {
        clearInterval(hold)
      }
    }
  }
}
