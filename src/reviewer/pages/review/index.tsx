import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { NeedsInfoCode, RejectReasonCode } from '../../../../types/appeal'
import { NEEDS_INFO_CODES, NEED_BY_REASONS, REJECT_REASON_CODES } from '../../../../types/appeal'
import { CATEGORY_INFO } from '../../../domain/categories'
import { APPROVED_TEXT, NEEDS_INFO_REASONS, REJECT_REASONS, reasonText } from '../../../domain/reasons'
import { STATUS_LABELS } from '../../../domain/stages'
import { formatDateTime, formatShort, fromNow } from '../../../domain/time'
import { canTransition } from '../../../domain/transitions'
import StatusBadge from '../../../components/StatusBadge'
import ErrorState from '../../../components/ErrorState'
import Loading from '../../../components/Loading'
import { heartbeat, releaseOnLeave, reviewerFileUrl } from '../../services/api'
import { useReview } from '../../stores/review'
import { useReviewerSession } from '../../stores/session'
import { INITIAL_KEY_STATE, reduceKeyState, type KeyCommand, type KeyState } from '../../keymap'
import { checkLine, countdown } from '../../format'
import ShotViewer from '../../components/ShotViewer'
import ShortcutHelp from '../../components/ShortcutHelp'
import { useKeys } from '../../components/useKeys'
import Btn from '../../components/Btn'
import { tabStop } from '../../components/useWide'
import '../reviewer.scss'

const HEARTBEAT_MS = 2 * 60_000

const DONE_TEXT = {
  approved: '已通过',
  rejected: '已驳回',
  needs_info: '已要求补充材料',
  released: '已释放回队列'
} as const

const NEED_BY_TEXT: Record<(typeof NEED_BY_REASONS)[number], string> = {
  train: '火车',
  flight: '航班',
  exam: '考试',
  hospital: '就医',
  work: '上班'
}

const AUDIT_TEXT: Record<string, string> = { view_evidence: '查看截图', claim: '领取', decide: '作出决定', cluster_approve: '批量通过' }

/** The note a needs-info checklist becomes (the citizen reads it). */
export function needsNote(codes: NeedsInfoCode[]): string {
  if (codes.length === 0) return ''
  return '请补充：' + codes.map((c, i) => `${i + 1}. ${NEEDS_INFO_REASONS[c].text}`).join('；')
}

export default function ReviewPage() {
  const router = useRouter()
  const id = decodeURIComponent(router.params.id ?? '')
  const reviewer = useReviewerSession((s) => s.reviewer)
  const appeal = useReview((s) => s.current)
  const status = useReview((s) => s.currentStatus)
  const error = useReview((s) => s.currentError)
  const loadAppeal = useReview((s) => s.loadAppeal)
  const decideAndNext = useReview((s) => s.decideAndNext)
  const releaseAndNext = useReview((s) => s.releaseAndNext)
  const openAdjacent = useReview((s) => s.openAdjacent)
  const release = useReview((s) => s.release)
  const acting = useReview((s) => s.acting)
  const actionError = useReview((s) => s.actionError)
  const done = useReview((s) => s.done)
  const lastDone = useReview((s) => s.lastDone)
  const claim = useReview((s) => s.claim)
  const claiming = useReview((s) => s.claiming)
  const claimError = useReview((s) => s.claimError)
  const queueEmpty = useReview((s) => s.queueEmpty)
  const authLost = useReview((s) => s.authLost)
  const history = useReview((s) => s.history)
  const loadHistory = useReview((s) => s.loadHistory)
  const audit = useReview((s) => s.audit)
  const loadAudit = useReview((s) => s.loadAudit)

  const [keys, setKeys] = useState<Omit<KeyState, 'canDecide' | 'editing'>>({
    mode: INITIAL_KEY_STATE.mode,
    rejectReason: null,
    needs: []
  })
  const [note, setNote] = useState('')
  const [now, setNow] = useState(Date.now())

  useEffect(() => {
    if (id && useReview.getState().current?.id !== id) void loadAppeal(id)
  }, [id, loadAppeal])

  useEffect(() => {
    if (authLost) Taro.redirectTo({ url: '/reviewer/pages/login/index?expired=1' })
  }, [authLost])

  const appealId = appeal?.id
  const holding = !!appeal && appeal.status === 'in_review' && !done
  useEffect(() => {
    setKeys({ mode: 'idle', rejectReason: null, needs: [] })
    setNote('')
    if (!appealId) return
    // a new appeal in hand (opened, or the next one after a decision): the keyboard and the screen reader
    // start from its heading, not from wherever the last button was
    if (process.env.TARO_ENV === 'h5') requestAnimationFrame(() => document.getElementById('review-heading')?.focus())
    void loadHistory(appealId)
    if (reviewer?.supervisor) void loadAudit(appealId)
  }, [appealId, loadHistory, loadAudit, reviewer?.supervisor])

  // the lease stays alive while the page is open
  useEffect(() => {
    if (!appealId || !holding) return
    const t = setInterval(() => {
      heartbeat(appealId).catch(() => undefined)
      setNow(Date.now())
    }, HEARTBEAT_MS)
    return () => clearInterval(t)
  }, [appealId, holding])

  // leaving the page (tab closed, reload, navigating away) hands the appeal back to the queue
  const holdRef = useRef<{ id: string; holding: boolean }>({ id: '', holding: false })
  holdRef.current = { id: appealId ?? '', holding }
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onHide = () => {
      if (holdRef.current.holding) releaseOnLeave(holdRef.current.id)
    }
    window.addEventListener('pagehide', onHide)
    return () => window.removeEventListener('pagehide', onHide)
  }, [])
  useUnload(() => {
    if (holdRef.current.holding) void release()
  })

  const canDecide = holding && !acting

  const run = (cmd: KeyCommand) => {
    if (!appeal) return
    const next = reduceKeyState({ ...keys, canDecide, editing: false }, cmd)
    setKeys({ mode: next.mode, rejectReason: next.rejectReason, needs: next.needs })
    switch (cmd.type) {
      case 'approve':
        void decideAndNext('approved')
        break
      case 'open_reject':
      case 'open_needs_info':
      case 'cancel':
        setNote('')
        break
      case 'pick_reject':
        setNote(REJECT_REASONS[cmd.code].nextStep)
        break
      case 'toggle_need':
        setNote(needsNote(next.needs))
        break
      case 'confirm':
        if (cmd.outcome === 'rejected') void decideAndNext('rejected', cmd.code, note)
        else void decideAndNext('needs_info', cmd.codes[0], note)
        break
      case 'release':
        void releaseAndNext()
        break
      case 'next':
      case 'prev':
        // the queue list's next / previous waiting appeal; the one in hand goes back to the queue (like S)
        void openAdjacent(cmd.type === 'next' ? 1 : -1).then((r) => {
          if (r === 'end') Taro.showToast({ title: cmd.type === 'next' ? '列表中没有下一条' : '列表中没有上一条', icon: 'none' }).catch(() => undefined)
        })
        break
      default:
        break
    }
  }

  useKeys({ ...keys, canDecide }, run, 'review-page')

  const backToQueue = () => Taro.redirectTo({ url: '/reviewer/pages/queue/index' })

  if (!appeal) {
    if (!id) return <ErrorState title='缺少申诉编号' message='请回到队列领取申诉' onRetry={backToQueue} />
    return (
      <View className='page reviewer'>
        {status === 'error' ? <ErrorState message={error ?? '加载失败'} onRetry={() => loadAppeal(id)} /> : <Loading text='正在加载申诉…' />}
        {status === 'error' ? (
          <Btn className='btn' onClick={backToQueue}>
            返回队列
          </Btn>
        ) : null}
      </View>
    )
  }

  const popupUrl = reviewerFileUrl(appeal.popupShot)
  const testUrls = appeal.negativeTests.map((t) => reviewerFileUrl(t.shot))
  const allUrls = [popupUrl, ...testUrls]
  const due = appeal.dueAt ? countdown(appeal.dueAt, now) : null
  const flags = appeal.flags
  const blocked = flags?.blockedFromTesting ?? appeal.blockedFromTesting
  const needBy = flags?.needBy ?? appeal.needBy
  const urged = flags?.urged ?? !!appeal.urgedAt
  const reused = flags?.reusedScreenshot ?? false
  // shown by 查询码 when the server gives them (older servers: the raw ids)
  const linked = (flags?.linkedAppealIds ?? []).map((linkedId, i) => ({ id: linkedId, label: flags?.linkedTrackingNos?.[i] ?? linkedId }))
  const mode = keys.mode

  return (
    <View className='page reviewer reviewer--wide' id='review-page'>
      <View className='rv__top'>
        <View className='rv__title'>
          <View className='rv__h1' id='review-heading' role='heading' aria-level={1} {...tabStop(-1)}>
            <Text className='reviewer__mono' id='review-tracking-no'>
              {appeal.trackingNo}
            </Text>
          </View>
          <StatusBadge status={appeal.status} />
          <Text className='muted'>
            {CATEGORY_INFO[appeal.category]?.title ?? appeal.category} · {appeal.district}
            {appeal.triggerDate ? ` · 触发日 ${appeal.triggerDate}` : ''}
          </Text>
        </View>
        <View className='rv__title'>
          {due ? (
            <Text className={`rv__due${due.overdue ? ' rv__due--over' : due.soon ? ' rv__due--soon' : ''}`} id='review-due'>
              {due.text}
            </Text>
          ) : null}
          <Btn className='btn btn--small' id='btn-help' label='快捷键说明' onClick={() => run({ type: 'help' })}>
            快捷键 ?
          </Btn>
          <Btn className='btn btn--small' id='btn-back-queue' label='返回队列' onClick={backToQueue}>
            队列
          </Btn>
        </View>
      </View>

      <View role='status' id='review-live'>
        {lastDone && !done ? (
          <View className='rv__flash' id='last-decision'>
            <Text>
              上一条 {lastDone.trackingNo} {DONE_TEXT[lastDone.outcome]}
              {lastDone.reasonCode ? `（${reasonText(lastDone.reasonCode)?.text}）` : ''}，已自动打开下一条。
            </Text>
          </View>
        ) : null}
      </View>

      <View className='rv'>
        <View className='rv__shots'>
          <ShotViewer id='shot-popup' src={popupUrl} label='健康宝弹窗' alt='弹窗截图' all={allUrls} caption={`提交于 ${formatDateTime(appeal.createdAt)}（${fromNow(appeal.createdAt, now)}）`} />
          {appeal.negativeTests.map((t, i) => (
            <ShotViewer
              key={`${t.shot}-${i}`}
              id={`shot-negative-${i}`}
              src={testUrls[i]}
              all={allUrls}
              label={`核酸阴性 ${i + 1}`}
              alt={`第 ${i + 1} 次核酸截图`}
              caption={`采样：${formatDateTime(t.sampledAt)}（${fromNow(t.sampledAt, now)}）`}
            />
          ))}
          {appeal.negativeTests.length === 0 ? (
            <View className='rv__noshot'>
              <Text>未上传核酸截图{blocked ? '（在检测点被拒检）' : ''}</Text>
            </View>
          ) : null}
        </View>

        <View className='rv__side' role='region' aria-label='申诉详情与审核决定' {...tabStop(0)}>
          <View className='card rv__card'>
            <Text className='card__title'>核酸规则核对</Text>
            <View className='checks' id='evidence-checks'>
              {(appeal.evidence ?? []).map((c) => (
                <View className='checks__item' key={c.rule}>
                  <Text className={`checks__text checks__mark--${c.ok ? 'ok' : 'bad'}`}>{checkLine(c)}</Text>
                </View>
              ))}
            </View>
            {appeal.negativeTests.map((t, i) => (
              <Text className='muted rv__line' key={`s-${i}`}>
                第 {i + 1} 次采样：{formatDateTime(t.sampledAt)}
              </Text>
            ))}
          </View>

          <View className='card rv__card' id='decision-panel'>
            <Text className='card__title'>审核决定</Text>
            {done ? (
              <View className='decide__result' id='decision-result' role='status'>
                <Text style={{ display: 'block', fontWeight: 700 }}>
                  {done.trackingNo} {DONE_TEXT[done.outcome]}
                </Text>
                {done.outcome === 'approved' ? <Text style={{ display: 'block' }}>{APPROVED_TEXT.text}</Text> : null}
                {done.reasonCode ? <Text style={{ display: 'block' }}>原因：{reasonText(done.reasonCode)?.text}</Text> : null}
                {done.outcome !== 'released' ? (
                  <Text className='muted' style={{ display: 'block' }}>
                    当前状态：{STATUS_LABELS[appeal.status]}
                  </Text>
                ) : null}
                <Btn className={`btn btn--primary${claiming ? ' btn--disabled' : ''}`} id='btn-next' disabled={claiming} onClick={() => claim()}>
                  {claiming ? '正在领取…' : '领取下一条'}
                </Btn>
                {queueEmpty ? (
                  <Text className='reviewer__notice' id='review-queue-empty'>
                    队列已清空，暂时没有待审核的申诉。
                  </Text>
                ) : null}
                {claimError ? (
                  <View role='alert'>
                    <Text className='error-text'>{claimError}</Text>
                  </View>
                ) : null}
              </View>
            ) : null}

            {holding && mode !== 'reject' && mode !== 'needs_info' ? (
              <View className='decide__grid'>
                <Btn
                  className={`btn btn--ok${acting ? ' btn--disabled' : ''}`}
                  id='btn-approve'
                  disabled={acting || !canTransition(appeal.status, 'approve') || undefined}
                  onClick={() => run({ type: 'approve' })}
                >
                  通过 (A)
                </Btn>
                <Btn className={`btn btn--danger${acting ? ' btn--disabled' : ''}`} id='btn-reject' disabled={acting} onClick={() => run({ type: 'open_reject' })}>
                  驳回 (R)
                </Btn>
                <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-needs-info' disabled={acting} onClick={() => run({ type: 'open_needs_info' })}>
                  需补充材料 (N)
                </Btn>
                <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-release' disabled={acting} onClick={() => run({ type: 'release' })}>
                  跳过 / 释放 (S)
                </Btn>
              </View>
            ) : null}

            {holding && (mode === 'reject' || mode === 'needs_info') ? (
              <View id={mode === 'reject' ? 'reject-panel' : 'needs-panel'}>
                <Text className='field__label' id='reasons-label'>
                  {mode === 'reject' ? '选择驳回原因（按数字键）' : '勾选缺少的材料（按数字键，可多选）'}
                </Text>
                <View role={mode === 'reject' ? 'radiogroup' : 'group'} aria-labelledby='reasons-label'>
                {mode === 'reject'
                  ? REJECT_REASON_CODES.map((code, i) => (
                      <Btn
                        key={code}
                        id={`reason-${code}`}
                        choice={{ role: 'radio', checked: keys.rejectReason === code }}
                        className={`decide__reason decide__reason--compact ${keys.rejectReason === code ? 'decide__reason--checked' : ''}`}
                        onClick={() => run({ type: 'pick_reject', code: code as RejectReasonCode })}
                      >
                        <Text className='decide__num'>{i + 1}</Text>
                        {REJECT_REASONS[code].text}
                      </Btn>
                    ))
                  : NEEDS_INFO_CODES.map((code, i) => (
                      <Btn
                        key={code}
                        id={`reason-${code}`}
                        choice={{ role: 'checkbox', checked: keys.needs.includes(code) }}
                        className={`decide__reason decide__reason--compact ${keys.needs.includes(code) ? 'decide__reason--checked' : ''}`}
                        onClick={() => run({ type: 'toggle_need', code })}
                      >
                        <Text className='decide__num' aria-hidden='true'>
                          {keys.needs.includes(code) ? '☑' : '☐'} {i + 1}
                        </Text>
                        {NEEDS_INFO_REASONS[code].text}
                      </Btn>
                    ))}
                </View>
                <Text className='field__label' id='note-label'>
                  告知申诉人的说明（模板已填好，可修改）
                </Text>
                <Textarea
                  id='input-note'
                  nativeProps={{ 'aria-labelledby': 'note-label' }}
                  className='field__textarea'
                  value={note}
                  maxlength={400}
                  placeholder='例如：截图中采样时间看不清'
                  onInput={(e) => setNote(e.detail.value)}
                />
                {(mode === 'reject' ? !keys.rejectReason : keys.needs.length === 0) ? <Text className='hint-text'>请先选择原因</Text> : null}
                <Btn
                  className={`btn btn--primary${(mode === 'reject' ? !keys.rejectReason : keys.needs.length === 0) || acting ? ' btn--disabled' : ''}`}
                  id='btn-confirm-decision'
                  disabled={(mode === 'reject' ? !keys.rejectReason : keys.needs.length === 0) || acting || undefined}
                  onClick={() =>
                    run(
                      mode === 'reject'
                        ? keys.rejectReason
                          ? { type: 'confirm', outcome: 'rejected', code: keys.rejectReason }
                          : { type: 'none' }
                        : keys.needs.length
                          ? { type: 'confirm', outcome: 'needs_info', codes: keys.needs }
                          : { type: 'none' }
                    )
                  }
                >
                  {acting ? '正在提交…' : mode === 'reject' ? '确认驳回 (Enter)' : '确认要求补充 (Enter)'}
                </Btn>
                <Btn className={`btn${acting ? ' btn--disabled' : ''}`} id='btn-cancel-decision' disabled={acting} onClick={() => run({ type: 'cancel' })}>
                  取消 (Esc)
                </Btn>
              </View>
            ) : null}

            {acting && mode === 'idle' ? <Loading text='正在提交…' /> : null}
            {claiming && !done ? <Loading text='正在打开下一条…' /> : null}
            {actionError ? (
              <View role='alert'>
                <Text className='error-text' id='action-error'>
                  {actionError}
                </Text>
                <Btn className='btn' onClick={backToQueue}>
                  返回队列
                </Btn>
              </View>
            ) : null}
            {!done && !holding ? <Text className='muted'>这条申诉当前为「{STATUS_LABELS[appeal.status]}」，不在你的审核中。</Text> : null}
          </View>

          <View className='card rv__card'>
            <Text className='card__title'>标记</Text>
            <View className='rv__flags' id='review-flags'>
              {blocked ? <Text className='flag flag--bad'>在检测点被拒检</Text> : null}
              {needBy ? (
                <Text className='flag flag--warn'>
                  {needBy.date} 前需要（{NEED_BY_TEXT[needBy.reason] ?? needBy.reason}）
                </Text>
              ) : null}
              {urged ? <Text className='flag flag--warn'>已催办{appeal.urgedAt ? ` ${formatShort(appeal.urgedAt)}` : ''}</Text> : null}
              {appeal.overdue ? <Text className='flag flag--bad'>已超时</Text> : null}
              {reused ? <Text className='flag flag--bad'>截图与他人申诉重复</Text> : null}
              {!blocked && !needBy && !urged && !appeal.overdue && !reused ? <Text className='muted'>无</Text> : null}
            </View>
            {linked.length > 0 ? (
              <View id='review-linked'>
                <Text className='muted'>使用相同截图的申诉：</Text>
                {linked.map((l, i) => (
                  <Btn
                    key={l.id}
                    id={`review-linked-${i}`}
                    className='rv__link reviewer__mono'
                    label={`复制查询码 ${l.label}`}
                    onClick={() => void Taro.setClipboardData({ data: l.label })}
                  >
                    {l.label}
                  </Btn>
                ))}
              </View>
            ) : null}
          </View>

          <View className='card rv__card'>
            <Text className='card__title'>申诉人与说明</Text>
            <View className='kv'>
              <View className='kv__row'>
                <Text className='kv__key'>姓名</Text>
                <Text className='kv__val'>{appeal.applicant.name}</Text>
              </View>
              <View className='kv__row'>
                <Text className='kv__key'>身份证号</Text>
                <Text className='kv__val reviewer__mono'>{appeal.applicant.idNumber}</Text>
              </View>
              <View className='kv__row'>
                <Text className='kv__key'>手机号</Text>
                <Text className='kv__val reviewer__mono'>{appeal.applicant.phone}</Text>
              </View>
              <View className='kv__row'>
                <Text className='kv__key'>情况说明</Text>
                <Text className='kv__val' id='review-statement'>
                  {appeal.statement || '（未填写）'}
                </Text>
              </View>
            </View>
          </View>

          <View className='card rv__card' id='review-history'>
            <Text className='card__title'>该申诉人的其他申诉（{history.length}）</Text>
            {history.length === 0 ? <Text className='muted'>没有其他申诉</Text> : null}
            {history.map((h) => (
              <View className='rv__hist' key={h.id}>
                <Text className='reviewer__mono'>{h.trackingNo}</Text>
                <Text>
                  {' '}
                  {STATUS_LABELS[h.status]} · {formatShort(h.createdAt)} · {h.applicant.name} {h.applicant.idNumber}
                </Text>
                {h.decision?.reasonCode ? <Text className='muted'>（{reasonText(h.decision.reasonCode)?.text}）</Text> : null}
              </View>
            ))}
          </View>

          {reviewer?.supervisor ? (
            <View className='card rv__card' id='review-audit'>
              <View className='reviewer__bar'>
                <Text className='card__title'>查看与操作记录</Text>
                <Btn className='btn btn--small' id='btn-audit-refresh' onClick={() => loadAudit(appeal.id)}>
                  刷新
                </Btn>
              </View>
              {audit.length === 0 ? <Text className='muted'>暂无记录</Text> : null}
              {audit.map((a) => (
                <Text className='rv__line' key={a.id}>
                  {formatDateTime(a.at)} · {a.actorName ?? a.actorId ?? a.actorType} · {AUDIT_TEXT[a.action] ?? a.action}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      </View>
      {mode === 'help' ? <ShortcutHelp onClose={() => run({ type: 'cancel' })} /> : null}
    </View>
  )
}
