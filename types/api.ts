// Request and response bodies of every endpoint, and every error a client can see.
import type { Appeal, AppealStatus, AppealSummary, Category, NeedBy, NegativeTest, Outcome, ReasonCode, ReviewAppeal, WithdrawReason } from './appeal'
import type { EvidenceCheck } from '../src/domain/evidence'
import type { ShotReading } from './reading'

export const API_PREFIX = '/api/v1'

export interface TokenResponse {
  token: string
  expiresAt: string
}

export interface WechatSessionRequest {
  code: string
}

export interface ReviewerLoginRequest {
  username: string
  password: string
}

export interface ReviewerProfile {
  id: string
  username: string
  districts: string[]
  supervisor: boolean
}

export interface ReviewerSessionResponse extends TokenResponse {
  reviewer: ReviewerProfile
}

export interface UploadResponse {
  id: string
  width: number
  height: number
  bytes: number
}

export interface CreateAppealRequest {
  category: Category
  popupShot: string
  /** may be empty only when blockedFromTesting is true */
  negativeTests: NegativeTest[]
  district: string
  applicant: { name: string; idNumber: string; phone: string }
  statement: string
  triggerDate?: string | null
  blockedFromTesting?: boolean
  needBy?: NeedBy | null
}

// ---- citizen lifecycle (each answers with the updated Appeal) ----
/** POST /appeals/:id/withdraw — from queued or needs_info; reason self_cleared also from in_review (弹窗已消失) */
export interface WithdrawRequest {
  reason: WithdrawReason
}
/** POST /appeals/:id/supplement — from needs_info, back to queued keeping its place */
export interface SupplementRequest {
  popupShot?: string
  negativeTests?: NegativeTest[]
  statement?: string
}
/** POST /appeals/:id/urge — no body; at most once per 12 h (429 URGE_TOO_SOON) */
/** POST /appeals/:id/rating — once, after closing */
export interface RatingRequest {
  score: 1 | 2 | 3 | 4 | 5
  comment?: string
}
/** GET /appeals/by-tracking/:trackingNo — the owner's appeal by its 查询码 */
/** GET /appeals/:id/receipt — a signed token for the test-site QR code while the appeal is live */
export interface ReceiptResponse {
  token: string
  /** absolute path of the public verification page: /verify/<token> */
  verifyPath: string
  issuedAt: string
}

// ---- reviewer queue ----
export interface QueueQuery {
  status?: AppealStatus
  district?: string
  category?: Category
  overdue?: boolean
  /** mismatch: a screenshot's reading disagrees with the form (issue 13) */
  flag?: 'blocked' | 'need_by' | 'urged' | 'reused' | 'mismatch'
  sort?: 'priority' | 'age'
  /** opaque cursor from the previous page's nextCursor */
  cursor?: string
  limit?: number
}
/** POST /review/appeals/:id/claim — claim a given queued appeal; POST /review/appeals/:id/heartbeat → {leaseUntil} */
export interface HeartbeatResponse {
  leaseUntil: string
}
/** POST /review/appeals/:id/reassign (supervisor) — hand an appeal to another reviewer, or back to the queue */
export interface ReassignRequest {
  reviewerId: string | null
}
/** GET /review/stats?from=&to= */
export interface StatsResponse {
  from: string
  to: string
  backlog: { district: string; status: AppealStatus; count: number }[]
  decisionsPerHour: { hour: string; count: number }[]
  medianMinutesToDecision: number | null
  sla: { decided: number; withinSla: number; compliance: number | null; overdueOpen: number }
  /** the correction loop (issue 12), in the reviewer's districts: open counts as of now, answers within the window */
  corrections: CorrectionStats
}

/** GET /review/stats → corrections */
export interface CorrectionStats {
  /** approved, not yet handed to the operator */
  waiting: number
  /** handed over, no answer from the operator yet */
  handedOver: number
  /** waiting or handed over more than slaHours after the approval (CORRECTION_SLA_HOURS) */
  overdue: number
  slaHours: number
  /** confirmed cleared within the window */
  cleared: number
  /** not_found / refused within the window */
  notCleared: number
  /** hours from approval to cleared over the window's cleared corrections (0.1 h); null when none */
  medianHoursToCleared: number | null
  p90HoursToCleared: number | null
  /** open corrections not yet delivered to a webhook operator (push mode); 0 without push operators */
  pushBacklog: number
}

/**
 * GET /api/v1/policy: the rules the server enforces, with its configured values, so the app states and checks
 * the same numbers (src/domain/policy.ts holds the built-in defaults the app uses offline).
 */
export interface PolicyResponse {
  /** oldest negative test accepted as evidence, hours before filing (EVIDENCE_MAX_AGE_HOURS) */
  evidenceMaxAgeHours: number
  /** two tests (travel, trajectory) must be at least this many hours apart */
  testMinGapHours: number
  /** negative-test screenshots one appeal may carry */
  maxNegativeTests: number
  /** characters of the statement (情况说明) */
  statementMaxChars: number
  /** hours from submission until a decision is due (SLA_HOURS) */
  slaHours: number
  /** statuses in which the citizen may urge (催办) */
  urgeStatuses: AppealStatus[]
  /** hours between two urges of one appeal (URGE_INTERVAL_HOURS) */
  urgeIntervalHours: number
  /** days a needs-info appeal waits for its supplement (NEEDS_INFO_TIMEOUT_DAYS) */
  needsInfoTimeoutDays: number
  /** a need-by date moves the appeal to the head of the queue this many hours before its day starts */
  needByCloseHours: number
}

export type CreateAppealResponse = Appeal

export interface AppealListResponse {
  items: AppealSummary[]
}

export interface QueueResponse {
  counts: Record<string, number>
  items: AppealSummary[]
  nextCursor?: string | null
}

/** An appeal as the reviewer holding it sees it: full applicant, plus every evidence rule checked now. */
export interface ReviewAppealResponse extends ReviewAppeal {
  evidence: EvidenceCheck[]
  /** the popup and each negative test: what was read and where it disagrees with the form (issue 13) */
  shots: ShotReading[]
}

/** POST /review/claim answers 200 with this, or 204 (no body) when nothing is eligible. */
export type ClaimResponse = ReviewAppealResponse

export interface DecisionRequest {
  outcome: Outcome
  reasonCode?: ReasonCode
  note?: string
}

export interface ErrorBody {
  /** requestId: the X-Request-Id of the failed request, to quote when asking for help */
  error: { code: ErrorCode; message: string; field?: string; requestId?: string }
}

/** Every failure a client can see: one stable code, one HTTP status, one Chinese message shown as is. */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不完整或格式不对，请检查后重试' },
  BODY_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNAUTHENTICATED: { status: 401, message: '登录已失效，请重新进入' },
  BAD_CREDENTIALS: { status: 401, message: '用户名或密码不正确' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '找不到该内容' },
  APPEAL_NOT_FOUND: { status: 404, message: '找不到这条申诉，请确认查询码或重新进入' },
  FILE_NOT_FOUND: { status: 404, message: '找不到该截图' },
  UPLOAD_MISSING_FILE: { status: 400, message: '请选择要上传的截图' },
  UPLOAD_NOT_AN_IMAGE: { status: 415, message: '上传的文件不是可识别的图片，请上传 JPG 或 PNG 截图' },
  UPLOAD_TOO_LARGE: { status: 413, message: '截图文件过大（上限 10 MB），请重新截图后上传' },
  UPLOAD_TOO_MANY_PIXELS: { status: 413, message: '图片尺寸过大，请上传手机截图' },
  UPLOAD_NOT_USABLE: { status: 400, message: '截图不可用：请重新上传本人的截图' },
  UPLOAD_MALFORMED: { status: 400, message: '上传没有完成（网络中断或内容不完整），请重新上传' },
  UPLOAD_ONE_FILE_ONLY: { status: 400, message: '一次只能上传一张截图' },
  UPLOAD_UNEXPECTED_FIELD: { status: 400, message: '上传内容只能包含截图本身，请重新上传' },
  INVALID_CATEGORY: { status: 400, message: '请选择弹窗类型' },
  INVALID_DISTRICT: { status: 400, message: '请选择所在区（北京市 16 个区之一）' },
  INVALID_ID_NUMBER: { status: 400, message: '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）' },
  INVALID_PHONE: { status: 400, message: '手机号应为 11 位数字' },
  INVALID_NAME: { status: 400, message: '请填写与证件一致的姓名' },
  INVALID_DATE: { status: 400, message: '日期或时间不存在，请重新选择' },
  INVALID_CHARACTERS: { status: 400, message: '内容含有无法识别的字符（如控制字符），请删除后重试' },
  BODY_NOT_UTF8: { status: 400, message: '提交的内容编码不正确，请重试' },
  EVIDENCE_RULES_FAILED: { status: 422, message: '核酸截图不满足要求' },
  TRANSITION_NOT_ALLOWED: { status: 409, message: '当前状态下不能进行此操作' },
  NOT_HOLDING_APPEAL: { status: 409, message: '这条申诉不在你的处理中（可能已超时或被他人领取）' },
  REVIEWER_DISABLED: { status: 409, message: '该审核员账号已停用，不能指派给他' },
  REASON_REQUIRED: { status: 400, message: '请选择原因' },
  WECHAT_LOGIN_FAILED: { status: 401, message: '微信登录失败，请稍后重试' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务暂时不可用，请稍后重试' },
  SERVER_RESTARTING: { status: 503, message: '服务正在重启，请稍后重试' },
  OVERLOADED: { status: 503, message: '系统繁忙，请稍后重试' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不正确' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  URGE_TOO_SOON: { status: 429, message: '12 小时内只能催办一次，请稍后再试' },
  ALREADY_RATED: { status: 409, message: '这条申诉已经评价过了' },
  IDEMPOTENCY_CONFLICT: { status: 409, message: '同一请求正在处理中，请稍候' },
  RECEIPT_INVALID: { status: 404, message: '凭证无效或申诉已办结' },
  CORRECTION_NOT_FOUND: { status: 404, message: '找不到该纠错记录' },
  ACK_CONFLICT: { status: 409, message: '该纠错已确认为其他结果，不能更改' },
  CORRECTION_CLOSED: { status: 409, message: '该纠错已失效（申诉已重新审核），无需再确认' },
  STILL_POPPED_TOO_SOON: { status: 409, message: '暂时还不能反馈弹窗仍在：转交健康宝运营方 24 小时后或确认解除后才可反馈' },
  CORRECTION_NOT_A_PROBLEM: { status: 409, message: '这条纠错不在待处理问题中（可能已被其他主管处理）' },
  OPERATOR_NOT_FOUND: { status: 404, message: '找不到该健康宝运营方（或已停用）' },
  OPERATOR_NO_SECRET: { status: 409, message: '该运营方还没有签名密钥，请先运行 npm run operator:webhook -- --name 名称 --rotate-secret' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后重试' }
} as const

export type ErrorCode = keyof typeof ERRORS

export type { Appeal, AppealSummary, ReviewAppeal, EvidenceCheck }
