// A tiny HTTP client on fresh connections (no keep-alive pool), so each request is either refused at
// connect (ECONNREFUSED: the server was not accepting), answered, or lost after it was sent.
import http from 'node:http'

export type Outcome = { kind: 'answered'; status: number; body: any } | { kind: 'refused' } | { kind: 'lost'; error: string }

export function rawRequest(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; body?: Buffer; contentType?: string } = {}
): Promise<Outcome> {
  const url = new URL(base + path)
  const payload = opts.json !== undefined ? Buffer.from(JSON.stringify(opts.json)) : opts.body
  const headers: Record<string, string | number> = { connection: 'close' }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (payload) {
    headers['content-type'] = opts.json !== undefined ? 'application/json' : (opts.contentType ?? 'application/octet-stream')
    headers['content-length'] = payload.length
  }
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let body: any = text
        try {
          body = JSON.parse(text)
        } catch {
          // not JSON
        }
        resolve({ kind: 'answered', status: res.statusCode ?? 0, body })
      })
      res.on('error', (e) => resolve({ kind: 'lost', error: e.message }))
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'lost', error: `${e.code ?? ''} ${e.message}` }))
    if (payload) req.write(payload)
    req.end()
  })
}

/** multipart/form-data with one `file` part. */
export function multipartFile(bytes: Buffer, filename = 'shot.png', type = 'image/png'): { body: Buffer; contentType: string } {
  const boundary = '----ops' + Math.random().toString(16).slice(2)
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}
