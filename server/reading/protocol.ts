// The messages between the reader pool (server/reading/pool.ts) and a reader child (reader-child.ts), over
// Node's IPC channel with 'advanced' serialization: the screenshot travels as bytes, not as base64.
import type { RecognisedLine } from '../../types/reading'

export type ToChild = { type: 'read'; id: number; image: Uint8Array }

export type ToParent =
  | { type: 'ready' }
  | { type: 'lines'; id: number; lines: RecognisedLine[] }
  | { type: 'error'; id: number; message: string }

/** Settings the pool hands a child through its environment. */
export const CHILD_ENV = {
  maxWidth: 'READER_MAX_WIDTH',
  threads: 'READER_THREADS',
  /** nice value of every thread of the child (0 = as the API) */
  nice: 'READER_NICE',
  /** NODE_ENV=test only: a child exits mid-read when the image's bytes contain this marker */
  crashOn: 'READER_CHILD_CRASH_ON'
} as const
