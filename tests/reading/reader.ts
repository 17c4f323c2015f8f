// The reader the harness measures: the server's own pool (server/reading/pool.ts) with one child, the code
// that reads uploads in production, so the figures are the server's. Warmed before the first timed read.
import type { RecognisedLine } from '../../types/reading'
import { createReaderPool } from '../../server/reading/pool'

export interface HarnessReader {
  read(image: Buffer): Promise<RecognisedLine[]>
  close(): Promise<void>
}

export async function openReader(opts: { maxWidth: number }): Promise<HarnessReader> {
  const pool = createReaderPool({ workers: 1, timeoutMs: 60_000, maxWidth: opts.maxWidth })
  await pool.warm()
  return { read: (image) => pool.read(image), close: () => pool.close() }
}
