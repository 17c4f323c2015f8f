// The live API for the weapp suite, in a process of its own (run with tsx): the simulator needs a jsdom test
// environment, where the server's multipart stack cannot load, so the server runs here exactly as the API suites
// start it (tests/api/helpers.ts: a fresh SQLite file, the real app over HTTP). Beside it runs a stand-in for
// WeChat's code2Session endpoint — WeChat's side of wx.login — that maps a login code to a stable openid.
// Prints one JSON line when ready; stops (and removes its data) when stdin closes or on SIGTERM.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { addReviewer, startServer } from '../../api/helpers'

async function main(): Promise<void> {
  const wechat = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://wechat.invalid')
    const code = url.searchParams.get('js_code') ?? ''
    res.setHeader('content-type', 'application/json')
    if (url.pathname !== '/sns/jscode2session' || !/^[A-Za-z0-9-]{1,64}$/.test(code)) {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }))
      return
    }
    // one WeChat user per code prefix: `citizen-a-1` and `citizen-a-2` are the same person logging in twice
    const user = code.replace(/-\d+$/, '')
    res.end(JSON.stringify({ openid: `o-${user}`, session_key: 'weapp-suite-session-key' }))
  })
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve))
  const wechatBase = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`

  const server = await startServer({ WECHAT_API_BASE: wechatBase, WECHAT_APPID: 'wx-weapp-suite', WECHAT_SECRET: 'weapp-suite-secret' })
  const reviewer = await addReviewer(server, 'chaoyang-li', { districts: ['朝阳区'] })
  const supervisor = await addReviewer(server, 'city-zhou', { districts: ['朝阳区', '海淀区'], supervisor: true })

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.close()
    await new Promise<void>((resolve) => wechat.close(() => resolve()))
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.stdin.on('end', () => void stop())
  process.stdin.on('close', () => void stop())
  process.stdin.resume()
  process.stdout.write(JSON.stringify({ base: server.base, reviewer, supervisor }) + '\n')
}

main().catch((e) => {
  process.stderr.write(`live API failed to start: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
