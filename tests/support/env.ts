// Settings every test server shares, whichever way it is started.

/** A loaded CI machine must not make functional tests shed load (503); the bench measures shedding. */
export const NO_LOAD_SHEDDING = {
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  OVERLOAD_MAX_IN_FLIGHT: '0',
  OVERLOAD_MAX_CONNECTIONS: '0'
} as const

/** base64 of 32 bytes: the data key of test servers (server/crypto/keyring.ts) */
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64')

/** Screenshot reading (OCR, ~3 s a screenshot here) is off unless a test turns it on: the reading tests pass
 *  READING_WORKERS: '1' in their env, which wins over this. */
export const READING_OFF = { READING_WORKERS: '0' } as const
