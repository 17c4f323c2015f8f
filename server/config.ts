// Every setting of the API server, read from the environment once and validated at boot.
// This is the only file that reads process.env.
//
// One declarative table, SETTINGS, keyed by the Config field: environment name, type, default, description,
// validation. loadConfig() reads it; `npm run docs:config` renders it into README.md and .env.example
// (tests/ops/config.test.ts fails when they drift).
//
// Adding a setting: add the field to `Config`, then one line to SETTINGS with a builder from ./config-settings
// (int / num / str / optionalStr / url / oneOf / dir / bool), e.g.
//   slaHours: int('SLA_HOURS', 72, { min: 1, max: 24 * 30 }, 'Hours within which an appeal should be decided'),
// then run `npm run docs:config`. The type checker refuses a Config field without its SETTINGS line.
import { addressList, blank, bool, dir, int, num, oneOf, optionalStr, str, url, type Env, type Setting } from './config-settings'
import { DEFAULT_POLICY } from '../src/domain/policy'

export { ConfigError, type Setting } from './config-settings'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** the built H5 app, served at / when the folder exists */
  h5Dir: string
  /** optional; when set to a postgres:// URL the server uses PostgreSQL instead of SQLite */
  databaseUrl: string | null
  wechatApiBase: string
  wechatAppId: string | null
  wechatSecret: string | null
  sessionTtlHours: number
  reviewerSessionTtlHours: number
  reviewLeaseMinutes: number
  evidenceMaxAgeHours: number
  uploadMaxBytes: number
  uploadMaxPixels: number
  /** screenshots decoded/re-encoded at once, one libvips thread each (server/images); 0 = one per CPU core */
  imageWorkers: number
  /** screenshots allowed to wait for a free image worker; more are answered 503 at once */
  imageQueueMax: number
  /** an upload's image work (waiting included) is answered 503 after this long, ms */
  imageTimeoutMs: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Bearer token for GET /metrics; null = only loopback clients may scrape */
  metricsToken: string | null
  /** proxies (addresses/CIDRs) whose X-Forwarded-For is believed; empty = the TCP peer is the client */
  trustProxy: string[]
  /** readiness fails when the data directory's file system has less free space than this */
  readyMinFreeMb: number
  /** on SIGTERM/SIGINT: how long in-flight requests may take before the process exits anyway */
  shutdownGraceMs: number
  /** hours from submission until a decision is due (SLA) */
  slaHours: number
  /** days a needs_info appeal waits for its supplement before closing as rejected/no_supplement */
  needsInfoTimeoutDays: number
  /** hours between two 催办 of the same appeal */
  urgeIntervalHours: number
  /** HMAC key of test-site receipts; when unset, one is generated into DATA_DIR/receipt.key (0600) */
  receiptKey: string | null
  /** hours an upload may stay unattached before the sweep deletes it */
  uploadOrphanHours: number
  /** how often the background sweeps run (leases, needs-info timeout, re-tiering, orphan uploads) */
  sweepIntervalSeconds: number
  /** how often the notification dispatcher drains the outbox */
  dispatchIntervalSeconds: number
  /** hours after an approval within which the operator should have answered its correction; later is overdue (issue 12) */
  correctionSlaHours: number
  /** how often webhook (push) deliveries to operators are sent and retried */
  correctionPushIntervalSeconds: number
  /** WeChat subscribe-message template for status changes; notifications are skipped while empty */
  wechatTemplateId: string | null
  /** SQLite PRAGMA synchronous: FULL (default) fsyncs the WAL on every commit — an acknowledged appeal survives a power cut */
  sqliteSynchronous: 'FULL' | 'NORMAL'
  /** SQLite: write transactions that arrive together share one COMMIT (one fsync); each is answered after it (server/db/group-commit.ts) */
  sqliteGroupCommit: 'on' | 'off'
  /** SQLite group commit: a batch open this long commits before the next transaction joins it, ms */
  sqliteGroupCommitMaxMs: number
  /** PostgreSQL: connections in the pool */
  databasePoolSize: number
  /** load shedding (server/ops/under-pressure.ts): answer 503 OVERLOADED while the mean event-loop delay exceeds this, ms; 0 = off */
  overloadMaxEventLoopDelayMs: number
  /** load shedding: also shed while event-loop utilisation exceeds this (0–1); 0 = off */
  overloadMaxEventLoopUtilization: number
  /** load shedding: Retry-After seconds sent with 503 OVERLOADED */
  overloadRetryAfterSeconds: number
  /** load shedding: answer 503 OVERLOADED while more than this many requests are already in progress; 0 = off */
  overloadMaxInFlight: number
  /** requests slower than this are logged even when they succeed (every 4xx/5xx is logged); ms */
  logSlowRequestMs: number
  /** citizens' queue position and ETA come from a per-district snapshot at most this old, ms; 0 = exact on every poll */
  queueSnapshotMs: number
  /** load shedding: answer 503 OVERLOADED (and close) while more client connections than this are open; 0 = off */
  overloadMaxConnections: number
  /** AES-256-GCM data key (base64, 32 bytes); null = DATA_DIR/data.key, generated 0600 on first start */
  dataKey: string | null
  /** a whole keyring as JSON { current, index, keys: { kid: base64 } } (overrides DATA_DIR/keys.json) */
  dataKeys: string | null
  /** minutes without a request after which a citizen session ends (absolute limit: SESSION_TTL_HOURS) */
  sessionIdleMinutes: number
  /** minutes without a request after which a reviewer session ends */
  reviewerSessionIdleMinutes: number
  /** reviewer login attempts per (account, address) (and, ×4, per account) within LOGIN_WINDOW_MINUTES before 429 */
  loginMaxFailures: number
  loginWindowMinutes: number
  /** days after an appeal closes until its screenshots are deleted */
  retentionEvidenceDays: number
  /** days after an appeal closes until its personal data is anonymised */
  retentionAppealDays: number
  /** days audit_log rows are kept */
  auditRetentionDays: number
  /** how often the retention purge runs */
  retentionIntervalSeconds: number
  /** rate limits (requests per RATE_LIMIT_WINDOW_SECONDS; 0 = off) */
  rateLimitWindowSeconds: number
  rateLimitUploadsPerAddress: number
  rateLimitUploadsPerCitizen: number
  rateLimitAppealsPerAddress: number
  rateLimitAppealsPerCitizen: number
  rateLimitUrgesPerAddress: number
  rateLimitUrgesPerCitizen: number
  rateLimitVerifyPerAddress: number
  rateLimitSessionsPerAddress: number
  /** where screenshot bytes live: DATA_DIR/files (local) or an S3-compatible bucket (s3); server/storage */
  storage: 'local' | 's3'
  s3Endpoint: string | null
  s3Bucket: string | null
  s3Region: string
  s3AccessKeyId: string | null
  s3SecretAccessKey: string | null
  s3ForcePathStyle: boolean
  /** screenshots read (OCR) at once by this instance, one child process each (server/reading); 0 = reading off */
  readingWorkers: number
  /** one screenshot's reading is given up (failed) after this long, ms */
  readingTimeoutMs: number
  /** screenshots wider than this are scaled down before reading, px */
  readingMaxWidth: number
  /** how often an instance looks for pending readings (PostgreSQL: other instances' uploads, expired locks), ms */
  readingPollMs: number
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Every setting, in the order the docs show them. Keyed by Config field: a missing one is a type error. */
export const SETTINGS: { [K in keyof Config]: Setting<Config[K]> } = {
  port: int('PORT', 8080, { min: 0, max: 65535 }, 'TCP port the server listens on (0 = any free port)'),
  host: str('HOST', '127.0.0.1', 'Address to listen on; 0.0.0.0 to accept connections from other machines', (v) =>
    /\s/.test(v) ? `expected a host name or address, got "${v}"` : null
  ),
  dataDir: dir('DATA_DIR', './data', 'Data directory: the SQLite database (appeals.sqlite) and the evidence files (files/)'),
  h5Dir: dir('H5_DIR', 'dist/h5', 'The built H5 app, served at / when the folder exists'),
  databaseUrl: optionalStr('DATABASE_URL', 'postgres:// URL to use PostgreSQL instead of SQLite in DATA_DIR (empty = SQLite)', {
    secret: true,
    validate: (v) => (/^postgres(ql)?:\/\//.test(v) ? null : 'expected a postgres:// URL (leave empty for SQLite in DATA_DIR)')
  }),
  wechatApiBase: url('WECHAT_API_BASE', 'https://api.weixin.qq.com', "WeChat API base for the code-to-session exchange"),
  wechatAppId: optionalStr('WECHAT_APPID', 'Mini-program appid; WeChat login is off while empty'),
  wechatSecret: optionalStr('WECHAT_SECRET', 'Mini-program app secret', { secret: true }),
  sessionTtlHours: int('SESSION_TTL_HOURS', 720, { min: 1, max: 24 * 366 }, 'Lifetime of a citizen session token, hours'),
  reviewerSessionTtlHours: int('REVIEWER_SESSION_TTL_HOURS', 12, { min: 1, max: 24 * 30 }, 'Lifetime of a reviewer session token, hours'),
  reviewLeaseMinutes: int('REVIEW_LEASE_MINUTES', 10, { min: 1, max: 24 * 60 }, 'How long a reviewer holds a claimed appeal before it returns to the queue'),
  evidenceMaxAgeHours: int('EVIDENCE_MAX_AGE_HOURS', DEFAULT_POLICY.evidenceMaxAgeHours, { min: 1, max: 24 * 30 }, 'Oldest negative test (hours before filing) accepted as evidence'),
  uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, { min: 1024, max: 100 * 1024 * 1024 }, 'Largest screenshot upload, bytes'),
  uploadMaxPixels: int('UPLOAD_MAX_PIXELS', 8e6, { min: 1e4, max: 1e9 }, 'Largest screenshot, pixels, judged from the image header before any decoding (decompression-bomb guard). Phone screenshots are 2.5–4.6 MP, tablets up to ~5.7 MP; 8 MP leaves headroom. Decoding costs ~25–40 ms of CPU per MP'),
  imageWorkers: int('IMAGE_WORKERS', 0, { min: 0, max: 256 }, 'Screenshots decoded and re-encoded at once, each on one libvips thread (server/images/pool.ts); 0 = one per CPU core. More than the cores only adds contention'),
  imageQueueMax: int('IMAGE_QUEUE_MAX', 32, { min: 0, max: 10_000 }, 'Screenshots that may wait for a free image worker (each holds its upload, up to UPLOAD_MAX_BYTES, in memory); beyond that an upload is answered 503 OVERLOADED with Retry-After at once'),
  imageTimeoutMs: int('IMAGE_TIMEOUT_MS', 15000, { min: 1, max: 600000 }, 'Longest an upload\'s image work may take, waiting for a worker included, before it is answered 503 OVERLOADED (the request never hangs), ms'),
  logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info', 'Log level of the JSON log on stdout'),
  logSlowRequestMs: int('LOG_SLOW_REQUEST_MS', 1000, { min: 0, max: 600000 }, 'Successful requests are not logged one by one (every 4xx/5xx is); a request slower than this is, ms; at LOG_LEVEL=debug every request is'),
  queueSnapshotMs: int('QUEUE_SNAPSHOT_MS', 1000, { min: 0, max: 10000 }, 'A citizen\'s queue position and ETA come from a per-district snapshot at most this old, ms (0 = counted exactly on every poll)'),
  metricsToken: optionalStr('METRICS_TOKEN', 'Bearer token required by GET /metrics; when empty only loopback clients may scrape', {
    secret: true
  }),
  trustProxy: addressList('TRUST_PROXY', 'Reverse proxies / load balancers (comma-separated addresses or CIDRs) whose X-Forwarded-For names the client; empty = trust none, the TCP peer is the client. Rate limits, the login throttle, audit addresses and the /metrics loopback check use that client address. See docs/scaling.md'),
  readyMinFreeMb: int('READY_MIN_FREE_MB', 100, { min: 0, max: 1024 * 1024 }, 'GET /readyz fails when DATA_DIR has less free disk space than this, MiB'),
  shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10000, { min: 100, max: 600000 }, 'On SIGTERM/SIGINT, how long in-flight requests may finish before the process exits anyway, ms'),
  slaHours: int('SLA_HOURS', DEFAULT_POLICY.slaHours, { min: 1, max: 24 * 30 }, 'Hours from submission until a decision is due (SLA); later is overdue'),
  needsInfoTimeoutDays: int('NEEDS_INFO_TIMEOUT_DAYS', DEFAULT_POLICY.needsInfoTimeoutDays, { min: 1, max: 90 }, 'Days a needs-info appeal waits for its supplement before it closes as rejected (no_supplement)'),
  urgeIntervalHours: int('URGE_INTERVAL_HOURS', DEFAULT_POLICY.urgeIntervalHours, { min: 1, max: 24 * 7 }, 'Hours between two urges (催办) of the same appeal'),
  receiptKey: optionalStr('RECEIPT_KEY', 'HMAC key (≥ 32 characters) signing test-site receipts; empty = generate one into DATA_DIR/receipt.key (0600)', {
    secret: true,
    validate: (v) => (v.length >= 32 ? null : 'expected at least 32 characters (or leave empty to generate one)')
  }),
  uploadOrphanHours: int('UPLOAD_ORPHAN_HOURS', 24, { min: 1, max: 24 * 30 }, 'Hours an upload may stay unattached to an appeal before it is deleted'),
  sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', 60, { min: 1, max: 24 * 3600 }, 'How often the sweeps run: expired leases, needs-info timeout, queue re-tiering, orphan uploads'),
  dispatchIntervalSeconds: int('DISPATCH_INTERVAL_SECONDS', 5, { min: 1, max: 3600 }, 'How often the notification dispatcher sends pending WeChat messages'),
  correctionSlaHours: int('CORRECTION_SLA_HOURS', 24, { min: 1, max: 24 * 30 }, 'Hours after an approval within which the health-code operator should confirm its correction; an unanswered one is overdue after that (dashboard, correction_overdue metric)'),
  correctionPushIntervalSeconds: int('CORRECTION_PUSH_INTERVAL_SECONDS', 2, { min: 1, max: 3600 }, 'How often signed webhook deliveries to push operators are sent and retried (exponential backoff per delivery)'),
  wechatTemplateId: optionalStr('WECHAT_TEMPLATE_ID', 'WeChat subscribe-message template id for status changes; notifications are skipped while empty'),
  sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL', 'SQLite PRAGMA synchronous: FULL fsyncs every commit (an acknowledged appeal survives a power cut); NORMAL is faster but may lose the last commits on power loss'),
  sqliteGroupCommit: oneOf('SQLITE_GROUP_COMMIT', ['on', 'off'] as const, 'on', 'SQLite group commit: write transactions that arrive together run as savepoints of one transaction and share its COMMIT (one fsync for many); every request is still answered only after its own data is durable. off = one COMMIT per transaction'),
  sqliteGroupCommitMaxMs: int('SQLITE_GROUP_COMMIT_MAX_MS', 20, { min: 0, max: 1000 }, 'SQLite group commit: while transactions keep arriving, a batch open this long commits before the next one joins it, ms (bounds the wait of its first member)'),
  databasePoolSize: int('DATABASE_POOL_SIZE', 10, { min: 1, max: 1000 }, 'PostgreSQL: connections in the pool of each API process (keep the sum over processes below max_connections)'),
  overloadMaxEventLoopDelayMs: int('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 1000, { min: 0, max: 60000 }, 'Shed load (503 OVERLOADED with Retry-After) while the mean event-loop delay exceeds this, ms; 0 = off'),
  overloadMaxEventLoopUtilization: num('OVERLOAD_MAX_EVENT_LOOP_UTILIZATION', 0, { min: 0, max: 1 }, 'Also shed load while event-loop utilisation exceeds this fraction (e.g. 0.98); 0 = off'),
  overloadRetryAfterSeconds: int('OVERLOAD_RETRY_AFTER_SECONDS', 5, { min: 1, max: 3600 }, 'Retry-After sent with 503 OVERLOADED, seconds'),
  overloadMaxInFlight: int('OVERLOAD_MAX_IN_FLIGHT', 256, { min: 0, max: 1_000_000 }, 'Shed load (503 OVERLOADED with Retry-After) while more requests than this are already in progress; 0 = off'),
  overloadMaxConnections: int('OVERLOAD_MAX_CONNECTIONS', 512, { min: 0, max: 1_000_000 }, 'Shed load (503 OVERLOADED with Retry-After, then close) while more client connections than this are open; 0 = off'),
  dataKey: optionalStr('DATA_KEY', 'AES-256-GCM key (base64 of 32 bytes) encrypting names, ID numbers, phones and openids at rest; empty = DATA_DIR/data.key, generated (0600) on first start. See docs/security.md', {
    secret: true,
    validate: (v) => (Buffer.from(v, 'base64').length === 32 ? null : 'expected base64 of 32 random bytes (openssl rand -base64 32)')
  }),
  dataKeys: optionalStr('DATA_KEYS', 'A whole keyring as JSON {"current":kid,"index":kid,"keys":{kid:base64}} (overrides DATA_DIR/keys.json written by npm run keys:rotate)', {
    secret: true,
    validate: (v) => {
      try {
        const j = JSON.parse(v) as { current?: unknown; index?: unknown; keys?: unknown }
        return typeof j.current === 'string' && typeof j.index === 'string' && typeof j.keys === 'object' ? null : 'expected {"current","index","keys"}'
      } catch {
        return 'expected JSON'
      }
    }
  }),
  sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 14 * 24 * 60, { min: 5, max: 366 * 24 * 60 }, 'A citizen session ends after this many minutes without a request (the absolute limit is SESSION_TTL_HOURS)'),
  reviewerSessionIdleMinutes: int('REVIEWER_SESSION_IDLE_MINUTES', 30, { min: 5, max: 24 * 60 }, 'A reviewer session ends after this many minutes without a request (the absolute limit is REVIEWER_SESSION_TTL_HOURS)'),
  loginMaxFailures: int('LOGIN_MAX_FAILURES', 5, { min: 1, max: 1000 }, 'Reviewer login attempts per account and client address within LOGIN_WINDOW_MINUTES before 429 RATE_LIMITED (a correct password does not count); per account from addresses it has not logged in from before: 4× this. See docs/security.md'),
  loginWindowMinutes: int('LOGIN_WINDOW_MINUTES', 15, { min: 1, max: 24 * 60 }, 'Window of the login throttle, minutes'),
  retentionEvidenceDays: int('RETENTION_EVIDENCE_DAYS', 30, { min: 1, max: 3650 }, 'Days after an appeal closes until its screenshots are deleted (timeline event evidence_purged)'),
  retentionAppealDays: int('RETENTION_APPEAL_DAYS', 180, { min: 1, max: 3650 }, 'Days after an appeal closes until its name, ID number, phone and statement are removed'),
  auditRetentionDays: int('AUDIT_RETENTION_DAYS', 1095, { min: 1095, max: 36500 }, 'Days the audit trail (logins, evidence views, decisions, exports) is kept; at least 3 years'),
  retentionIntervalSeconds: int('RETENTION_INTERVAL_SECONDS', 3600, { min: 1, max: 7 * 24 * 3600 }, 'How often the retention purge runs'),
  rateLimitWindowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1, max: 3600 }, 'Window of the request rate limits below, seconds'),
  rateLimitUploadsPerAddress: int('RATE_LIMIT_UPLOADS_PER_ADDRESS', 120, { min: 0, max: 10_000_000 }, 'Screenshot uploads per client address per window (429 with Retry-After): a shared address (office, carrier NAT) carries ~20 citizens filing at once; 0 = off'),
  rateLimitUploadsPerCitizen: int('RATE_LIMIT_UPLOADS_PER_CITIZEN', 20, { min: 0, max: 10_000_000 }, 'Screenshot uploads per citizen per window: one appeal is up to 6 screenshots, each tried at most 3 times by the app; 0 = off'),
  rateLimitAppealsPerAddress: int('RATE_LIMIT_APPEALS_PER_ADDRESS', 300, { min: 0, max: 10_000_000 }, 'Appeals filed per client address per window; 0 = off'),
  rateLimitAppealsPerCitizen: int('RATE_LIMIT_APPEALS_PER_CITIZEN', 60, { min: 0, max: 10_000_000 }, 'Appeals filed per citizen per window; 0 = off'),
  rateLimitUrgesPerAddress: int('RATE_LIMIT_URGES_PER_ADDRESS', 300, { min: 0, max: 10_000_000 }, 'Urges (催办) per client address per window; 0 = off'),
  rateLimitUrgesPerCitizen: int('RATE_LIMIT_URGES_PER_CITIZEN', 20, { min: 0, max: 10_000_000 }, 'Urges per citizen per window; 0 = off'),
  rateLimitVerifyPerAddress: int('RATE_LIMIT_VERIFY_PER_ADDRESS', 120, { min: 0, max: 10_000_000 }, 'Receipt verifications (GET /verify/…) per client address per window; 0 = off'),
  rateLimitSessionsPerAddress: int('RATE_LIMIT_SESSIONS_PER_ADDRESS', 600, { min: 0, max: 10_000_000 }, 'New citizen sessions (device / WeChat) per client address per window; 0 = off'),
  storage: oneOf('STORAGE', ['local', 's3'] as const, 'local', 'Where screenshots are kept: local = DATA_DIR/files on this machine; s3 = an S3-compatible bucket shared by every instance (S3_* below; docs/scaling.md, docs/operations.md)'),
  s3Endpoint: optionalStr('S3_ENDPOINT', 'S3 API endpoint, e.g. https://oss-cn-beijing.aliyuncs.com or http://minio:9000; empty = AWS S3 for S3_REGION', {
    validate: (v) => (/^https?:\/\/[^\s]+$/.test(v) ? null : `expected an http(s) URL, got "${v}"`)
  }),
  s3Bucket: optionalStr('S3_BUCKET', 'Bucket for the screenshots when STORAGE=s3 (required then); keep it private: the API serves every byte after its access check'),
  s3Region: str('S3_REGION', 'us-east-1', 'Region of the bucket (S3-compatible stores usually accept any)'),
  s3AccessKeyId: optionalStr('S3_ACCESS_KEY_ID', 'Access key id for the bucket; empty = the SDK\'s own chain (AWS_ACCESS_KEY_ID…, instance role)', { secret: true }),
  s3SecretAccessKey: optionalStr('S3_SECRET_ACCESS_KEY', 'Secret access key for the bucket (with S3_ACCESS_KEY_ID)', { secret: true }),
  s3ForcePathStyle: bool('S3_FORCE_PATH_STYLE', false, 'Address the bucket as ENDPOINT/BUCKET/key instead of BUCKET.ENDPOINT/key (MinIO and most self-hosted stores need true)'),
  readingWorkers: int('READING_WORKERS', 1, { min: 0, max: 16 }, 'Screenshots read (OCR) at once by this instance, off the request path, each in its own child process (server/reading/pool.ts); 0 = reading off: new uploads are not read (status skipped)'),
  readingTimeoutMs: int('READING_TIMEOUT_MS', 30000, { min: 1, max: 600000 }, 'A screenshot\'s reading is given up (status failed, its reader process restarted) after this long, ms'),
  readingMaxWidth: int('READING_MAX_WIDTH', 720, { min: 320, max: 4096 }, 'Screenshots wider than this are scaled down before reading, px. At 720 the labelled set reads as exactly as at 1080 (199 vs 197 of 205 fields, 0 wrong) in ~0.6× the CPU'),
  readingPollMs: int('READING_POLL_MS', 1000, { min: 50, max: 600000 }, 'How often an instance looks for pending readings besides its own new uploads (PostgreSQL: other instances\' uploads and readings whose lock expired), ms')
}

export function loadConfig(env: Env = process.env): Config {
  const out: Record<string, unknown> = {}
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof Config, Setting<unknown>][]) {
    out[key] = setting.parse(blank(env[setting.env]))
  }
  return out as unknown as Config
}
