// HTML for the synthetic screenshots of tests/support/render-screenshot.ts: a nucleic-acid result page, a
// health-code page with a popup, and pages that are neither. Every page says 示例 in its title bar and its
// footer, so no picture made here can pass for a real record.
import type { ScreenshotSpec, ScreenshotStyle, TestResultSpec, PopupSpec, DateStyle } from '../support/render-screenshot'

export const FONT_FAMILIES = {
  sans: { css: '@fontsource-variable/noto-sans-sc/index.css', family: 'Noto Sans SC Variable' },
  serif: { css: '@fontsource-variable/noto-serif-sc/index.css', family: 'Noto Serif SC Variable' },
  xiaowei: { css: '@fontsource/zcool-xiaowei/index.css', family: 'ZCOOL XiaoWei' }
} as const

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** 'YYYY-MM-DD HH:mm' as the page prints it; seconds, when printed, come from the minute so a re-run agrees */
export function printTime(value: string, style: DateStyle = 'dash', seconds = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(value)
  if (!m) throw new Error(`not a YYYY-MM-DD HH:mm time: ${value}`)
  const [, y, mo, d, h, mi] = m
  const date = style === 'slash' ? `${y}/${mo}/${d}` : style === 'cjk' ? `${y}年${mo}月${d}日` : `${y}-${mo}-${d}`
  const ss = seconds ? `:${String((Number(mi) * 7 + 13) % 60).padStart(2, '0')}` : ''
  return `${date} ${h}:${mi}${ss}`
}

const CIRCLED = '⓪①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

export function printCode(code: string, style: PopupSpec['codeStyle'] = 'plain'): string {
  const n = Number(code)
  if (style === 'circled' && n >= 0 && n <= 20) return CIRCLED[n]
  if (style === 'padded') return code.padStart(2, '0')
  return code
}

function palette(dark: boolean) {
  return dark
    ? { page: '#111214', bar: '#1b1c1f', card: '#1f2023', text: '#e8e8ea', sub: '#9a9ca3', line: '#2c2d31', shade: 'rgba(0,0,0,0.6)' }
    : { page: '#f1f2f4', bar: '#ffffff', card: '#ffffff', text: '#222222', sub: '#8a8d93', line: '#ececec', shade: 'rgba(0,0,0,0.55)' }
}

function frame(style: ScreenshotStyle, title: string, body: string, footer: string, statusTime: string): string {
  const font = FONT_FAMILIES[style.font ?? 'sans']
  const c = palette(!!style.dark)
  const size = 16 * (style.fontScale ?? 1)
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="/fonts/${font.css}">
<style>
  * { box-sizing: border-box; margin: 0; padding: 0; }
  html, body { width: 100%; height: 100%; }
  body { background: ${c.page}; color: ${c.text}; font-family: '${font.family}'; font-size: ${size}px; position: relative; overflow: hidden; }
  .status { display: flex; justify-content: space-between; padding: 12px 20px 10px; font-size: ${size}px; }
  .titlebar { background: ${c.bar}; text-align: center; padding: 14px 0; font-size: ${size * 1.15}px; }
  .hero { height: 130px; background: linear-gradient(100deg, #4f7fe8, #2fb8a0); }
  .dark .hero { background: linear-gradient(100deg, #243a6b, #155c50); }
  .card { background: ${c.card}; margin: 12px 12px; border-radius: 12px; padding: 6px 18px; }
  .sub { color: ${c.sub}; }
  .row { display: flex; justify-content: space-between; align-items: baseline; padding: 14px 0; border-bottom: 1px solid ${c.line}; }
  .row.left { justify-content: flex-start; }
  .stack { padding: 10px 0; border-bottom: 1px solid ${c.line}; }
  .stack .value { margin-top: 6px; }
  .tile { background: ${c.page}; border-radius: 10px; padding: 10px 12px; margin: 10px 0; }
  .tile .label { font-size: ${size * 0.8}px; color: ${c.sub}; }
  .tile .value { font-size: ${size * 1.1}px; margin-top: 4px; font-weight: 600; }
  .neg { color: #2e8b3a; font-weight: 700; font-size: ${size * 1.4}px; }
  .pos { color: #d0312d; font-weight: 700; font-size: ${size * 1.4}px; }
  .footer { position: absolute; left: 0; right: 0; bottom: 22px; text-align: center; color: ${c.sub}; font-size: ${size * 0.8}px; }
  .shade { position: absolute; inset: 0; background: ${c.shade}; }
  .modal { position: absolute; left: 24px; right: 24px; top: 30%; background: ${c.card}; border-radius: 14px; padding: 22px 20px 20px; }
  .sheet { position: absolute; left: 0; right: 0; bottom: 0; background: ${c.card}; border-radius: 16px 16px 0 0; padding: 24px 22px 60px; }
  .ptitle { text-align: center; color: #d0312d; font-weight: 700; font-size: ${size * 1.25}px; margin-bottom: 14px; }
  .ptext { line-height: 1.7; font-size: ${size * 1.05}px; }
  .pmeta { margin-top: 8px; font-size: ${size * 0.9}px; }
  .button { margin-top: 22px; background: #1a7cff; color: #fff; text-align: center; border-radius: 8px; padding: 12px 0; font-size: ${size * 1.1}px; }
  .qr { width: 190px; height: 190px; margin: 18px auto 12px; border: 8px solid #1e7a34;
        background: repeating-linear-gradient(45deg, #1e7a34 0 8px, #dfe7df 8px 16px); }
  .qrdate { text-align: center; padding-bottom: 16px; }
  .bubble { display: inline-block; max-width: 72%; padding: 10px 12px; border-radius: 8px; margin: 8px 12px; background: ${c.card}; line-height: 1.5; }
  .me { text-align: right; } .me .bubble { background: #95ec69; color: #111; }
  .when { text-align: center; font-size: ${size * 0.8}px; margin-top: 12px; }
</style></head>
<body class="${style.dark ? 'dark' : ''}">
<div class="status"><span>${esc(statusTime)}</span><span>5G ▮▮▮ 78%</span></div>
<div class="titlebar">${esc(title)}</div>
${body}
<div class="footer">${esc(footer)}</div>
</body></html>`
}

const RESULT_ORDER: (keyof TestResultSpec['fields'])[] = ['nameMasked', 'idMasked', 'sampledAt', 'testedAt', 'institution', 'result']
const LABELS: Record<keyof TestResultSpec['fields'], string> = {
  nameMasked: '姓名',
  idMasked: '证件号码',
  sampledAt: '采样时间',
  testedAt: '检测时间',
  institution: '检测机构',
  result: '检测结果'
}

function testResultBody(spec: TestResultSpec, style: ScreenshotStyle): string {
  const f = spec.fields
  const value = (key: keyof TestResultSpec['fields']): string => {
    const v = f[key] as string
    if (key === 'sampledAt' || key === 'testedAt') return esc(printTime(v, style.dateStyle, style.seconds))
    if (key === 'result') return `<span class="${v === '阴性' ? 'neg' : 'pos'}">${esc(v)}</span>`
    return esc(v)
  }
  const colon = style.asciiColon ? ': ' : '：'
  const layout = style.layout ?? 'no_colon'
  // the card layout leads with the result, as the big badge of a results app does
  const order = layout === 'card' ? ['result' as const, ...RESULT_ORDER.filter((k) => k !== 'result')] : RESULT_ORDER
  const rows = order
    .filter((key) => f[key] !== undefined)
    .map((key) => {
      const label = LABELS[key]
      if (layout === 'colon') return `<div class="row left"><span>${label}${colon}${value(key)}</span></div>`
      if (layout === 'next_line') return `<div class="stack"><div class="label">${label}</div><div class="value">${value(key)}</div></div>`
      if (layout === 'card') return `<div class="tile"><div class="label">${label}</div><div class="value">${value(key)}</div></div>`
      return `<div class="row"><span class="label">${label}</span><span class="value">${value(key)}</span></div>`
    })
    .join('\n')
  return `<div class="hero"></div>
<div class="card">${rows}</div>
<div class="card"><div class="row sub" style="border:0">结果仅供参考，以检测机构出具的报告为准。</div></div>`
}

function popupBody(spec: PopupSpec, style: ScreenshotStyle): string {
  const f = spec.fields
  const when = printTime(f.shownAt, style.dateStyle, style.seconds)
  const code = printCode(f.popupCode, spec.codeStyle)
  const meta =
    spec.codeLine === 'separate'
      ? `<div class="pmeta sub">弹窗编号：${esc(code)}</div><div class="pmeta sub">弹窗时间：${esc(when)}</div>`
      : `<div class="pmeta sub">弹窗编号 ${esc(code)} · ${esc(when)}</div>`
  const box = style.popupLayout === 'sheet' ? 'sheet' : 'modal'
  return `<div class="hero"></div>
<div class="card"><div class="qr"></div><div class="qrdate sub">${esc(printTime(f.shownAt, 'dash'))}</div></div>
<div class="shade"></div>
<div class="${box}">
  <div class="ptitle">${esc(spec.title ?? '温馨提示')}</div>
  <div class="ptext">${esc(f.popupText)}</div>
  ${meta}
  <div class="button">${esc(spec.button ?? '我知道了')}</div>
</div>`
}

function chatBody(): string {
  const say = (me: boolean, text: string) => `<div class="${me ? 'me' : ''}"><span class="bubble">${esc(text)}</span></div>`
  return `<div class="when sub">昨天 21:40</div>
${say(false, '你核酸做了吗？明天进小区要看')}
${say(true, '做了，今天上午九点多采的样')}
${say(false, '结果出来了吗？健康宝还弹窗吗')}
${say(true, '还没出，说要等十二个小时左右')}
<div class="when sub">今天 08:05</div>
${say(false, '出来了记得截图发我一下')}`
}

function plainCodeBody(shownAt: string): string {
  return `<div class="hero"></div>
<div class="card"><div class="row"><span>姓名</span><span>王*明</span></div>
<div class="qr"></div><div class="qrdate sub">${esc(shownAt)}</div>
<div class="qrdate" style="color:#2e8b3a;font-weight:700">未见异常</div></div>`
}

export function screenshotHtml(spec: ScreenshotSpec): string {
  const style = spec.style ?? {}
  if (spec.kind === 'test_result') {
    return frame(style, '核酸检测结果（示例）', testResultBody(spec, style), '本图为演示样例，非真实检测记录', spec.fields.testedAt?.slice(11) ?? '21:40')
  }
  if (spec.kind === 'popup') {
    return frame(style, '健康宝（示例）', popupBody(spec, style), '本图为演示样例，非真实健康码', spec.fields.shownAt.slice(11))
  }
  if (spec.kind === 'chat') return frame(style, '王小明（示例）', chatBody(), '本图为演示样例，非真实聊天记录', '08:06')
  return frame(style, '健康宝（示例）', plainCodeBody(spec.shownAt ?? '2022-01-28 08:05'), '本图为演示样例，非真实健康码', '08:05')
}
