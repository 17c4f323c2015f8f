// Support for the hostile-input suites (tests/hostile/input-*.test.ts): a real server on SQLite or, in the
// hostile-pg project, PostgreSQL, whose log lines the test can read; raw HTTP that sends exactly the bytes
// given (fetch and FormData would clean them); hand-built multipart bodies and image headers.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { startTestApp } from '../support/testApp'
import { TEST_DATA_KEY } from '../support/env'
import type { TestServer } from '../api/helpers'

export interface LoggedServer extends TestServer {
  /** every JSON log line so far */
  logs: () => { level: number; msg?: string; [k: string]: unknown }[]
}

/**
 * A server with the production defaults for everything this suite is about (rate limits, pixel cap), logging
 * at info into memory. Load shedding is off: a busy CI machine must not turn answers into 503s.
 */
export function startLoggedServer(env: Record<string, string> = {}): Promise<LoggedServer> {
  return startTestApp({
    tmpPrefix: 'appeal-hostile-',
    logLevel: 'info',
    captureLog: true,
    env: { HOST: '127.0.0.1', PORT: '0', DATA_KEY: TEST_DATA_KEY, QUEUE_SNAPSHOT_MS: '0', ...env }
  }).then((s) => ({ ...s, logs: s.logLines }))
}

export interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: any
}

/**
 * One request on a fresh connection with exactly these bytes. `cutAfter`: send only that many bytes of the
 * body and then reset the connection (a phone losing signal mid-upload); the promise then resolves null.
 */
export function send(
  base: string,
  method: string,
  urlPath: string,
  opts: { body?: Buffer; headers?: Record<string, string>; from?: string; cutAfter?: number } = {}
): Promise<RawAnswer | null> {
  const url = new URL(base)
  const body = opts.body
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method,
        host: url.hostname,
        port: url.port,
        // the path goes out as written: %00, %FF and friends reach the server undecoded
        path: urlPath,
        localAddress: opts.from,
        agent: false,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...opts.headers }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: any = text
          if ((res.headers['content-type'] ?? '').includes('application/json') && text) parsed = JSON.parse(text)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed })
        })
        res.on('error', reject)
      }
    )
    if (opts.cutAfter !== undefined && body) {
      req.on('error', () => resolve(null))
      req.write(body.subarray(0, opts.cutAfter), () => {
        // let the bytes reach the server before the connection goes
        setImmediate(() => {
          req.destroy()
          resolve(null)
        })
      })
      return
    }
    req.on('error', reject)
    req.end(body)
  })
}

export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8')
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

// ---- multipart, by hand ----

export interface Part {
  name: string
  /** present: a file part */
  filename?: string
  type?: string
  data: Buffer | string
}

export function multipart(parts: Part[], boundary = 'hostile' + Math.random().toString(16).slice(2)): { body: Buffer; boundary: string } {
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), boundary }
}

export function filePart(data: Buffer, name = 'file'): Part {
  return { name, filename: 'shot.png', type: 'image/png', data }
}

/** POST /api/v1/uploads with a hand-built body and the content type given (default: multipart with its boundary). */
export function postUpload(
  base: string,
  token: string,
  body: Buffer,
  contentType: string,
  extra: { headers?: Record<string, string>; from?: string; cutAfter?: number } = {}
): Promise<RawAnswer | null> {
  return send(base, 'POST', '/api/v1/uploads', {
    body,
    headers: { ...auth(token), 'content-type': contentType, ...extra.headers },
    from: extra.from,
    cutAfter: extra.cutAfter
  })
}

// ---- images by their headers ----

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(td) >>> 0)
  return Buffer.concat([len, td, crc])
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * A PNG whose header declares width×height RGB pixels. `idat`: the compressed image data — by default a
 * few KB that inflate to every row a decoder would need (a real decompression bomb), or junk.
 */
export function declaredPng(width: number, height: number, idat: 'bomb' | 'junk' = 'bomb'): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const data = idat === 'bomb' ? zlib.deflateSync(Buffer.alloc((width * 3 + 1) * height), { level: 9 }) : Buffer.from('not zlib at all, just bytes '.repeat(40))
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))])
}

/** A baseline JPEG header (SOI, SOF0) declaring width×height, then junk instead of scan data. */
export function declaredJpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01])
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from('junk, not a scan '.repeat(20)), Buffer.from([0xff, 0xd9])])
}

/** Files under DATA_DIR/files (screenshots and thumbnails). */
export function storedFiles(dir: string): string[] {
  const d = path.join(dir, 'files')
  return fs.existsSync(d) ? fs.readdirSync(d) : []
}

export async function rowCount(app: FastifyInstance, table: 'uploads' | 'appeals' | 'idempotency_keys' | 'appeal_tests'): Promise<number> {
  const r = await app.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}
